using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Outreach.Reminders;

namespace Outreach.Adapters.Tests.Sms;

public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Recipient => JsonDocument.Parse(Body).RootElement.GetProperty("smsRecipients")[0];
}

public sealed record ScriptedResponse(int Status, string Body = "", params (string Name, string Value)[] Headers)
{
    public static ScriptedResponse Accepted(string to, string messageId = "Outgoing_1") =>
        new(202, $$"""{"value":[{"to":"{{to}}","messageId":"{{messageId}}","httpStatusCode":202,"repeatabilityResult":"accepted","successful":true}]}""");
}

/// <summary>
/// A stand-in for the ACS SMS endpoint on 127.0.0.1 and a free port. Each request is recorded and checked with
/// <see cref="AcsRequestVerifier"/>; a request that fails the check gets 401, as the service would answer.
/// </summary>
public sealed class LoopbackAcs : IAsyncDisposable
{
    public const string AccessKey = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkw";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedResponse> _script = new();

    public List<RecordedRequest> Requests { get; } = [];

    public List<string> Problems { get; } = [];

    public Uri Endpoint { get; private set; } = null!;

    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    private LoopbackAcs()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<LoopbackAcs> StartAsync(params ScriptedResponse[] script)
    {
        var server = new LoopbackAcs();
        foreach (var response in script)
        {
            server._script.Enqueue(response);
        }
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray());
        var problems = AcsRequestVerifier.Problems(request, AccessKey);
        lock (Requests)
        {
            Requests.Add(request);
            Problems.AddRange(problems);
        }
        var response = problems.Count > 0
            ? new ScriptedResponse(401, """{"error":{"code":"Denied","message":"Denied by the test verifier"}}""")
            : _script.TryDequeue(out var next) ? next : new ScriptedResponse(500, """{"error":{"code":"NoScript","message":"no scripted response left"}}""");
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.Body, Encoding.UTF8);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
