using System.Xml.Linq;
using Outreach.Planning;

namespace Outreach.Core.Tests;

/// <summary>Core's public API: every public type says what it is in its documentation (STYLE.md).</summary>
public class PublicTypesTests
{
    [Fact]
    public void Every_public_type_of_core_has_a_summary()
    {
        var assembly = typeof(Visit).Assembly;
        var docs = XDocument.Load(Path.ChangeExtension(assembly.Location, ".xml"));
        var summarised = docs.Descendants("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value))
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);

        var missing = assembly.GetExportedTypes()
            .Select(t => "T:" + t.FullName!.Replace('+', '.'))
            .Where(name => !summarised.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "No <summary> on: " + string.Join(", ", missing));
    }
}
