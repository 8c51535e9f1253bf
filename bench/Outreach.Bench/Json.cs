using System.Text.Json;

namespace Outreach.Bench;

internal static class Json
{
    /// <summary>The machine-readable result: always the last line a harness prints.</summary>
    public static void WriteLast<T>(T figures) => Console.WriteLine(JsonSerializer.Serialize(figures));
}
