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

namespace Outreach.Adapters.Tests.Sms.Tencent;

/// <summary>One scripted answer of the stand-in, given after <paramref name="Delay"/>.</summary>
public sealed record TencentReply(int Status, string Body, TimeSpan Delay = default)
{
    public const string RequestId = "9f1c3a6e-7d2b-4c1e-8a55-0c7e3b2d1f40";

    /// <summary>The number's message accepted, as SendSms answers it.</summary>
    public static TencentReply Ok(string phone, string serialNo = "2640:430829115417120063925483331") =>
        Statuses((phone, serialNo, "Ok", "send success"));

    /// <summary>An accepted call whose entry for the number carries <paramref name="code"/>.</summary>
    public static TencentReply NumberStatus(string phone, string code, string message) => Statuses((phone, "", code, message));

    /// <summary>The whole call failed: <c>Response.Error</c>, still with HTTP 200, as the API answers.</summary>
    public static TencentReply Error(string code, string message) => new(200, JsonSerializer.Serialize(new
    {
        Response = new { Error = new { Code = code, Message = message }, RequestId },
    }));

    private static TencentReply Statuses(params (string Phone, string SerialNo, string Code, string Message)[] entries) => new(200, JsonSerializer.Serialize(new
    {
        Response = new
        {
            SendStatusSet = entries.Select(e => new { e.SerialNo, PhoneNumber = e.Phone, Fee = 1, SessionContext = "", e.Code, e.Message, IsoCode = "CN" }),
            RequestId,
        },
    }));
}

/// <summary>
/// A stand-in for <c>sms.tencentcloudapi.com</c> on 127.0.0.1 and a free port. Each request is recorded and checked with
/// <see cref="TencentRequestVerifier"/> against <see cref="Account"/> and the server's own clock; a request that fails
/// gets the error the API would give (AuthFailure.SignatureExpire, AuthFailure.SignatureFailure, InvalidParameter).
/// </summary>
public sealed class LoopbackTencent : IAsyncDisposable
{
    public static readonly TencentAccount Account = new(
        "AKIDoutreachtestonly0000000000000000", "outreach-test-secret-key-0123456789", "1400006666", "走访提醒", "ap-guangzhou");

    private readonly WebApplication _app;
    private readonly TimeProvider _serverClock;
    private readonly ConcurrentQueue<TencentReply> _script = new();

    public List<RecordedRequest> Requests { get; } = [];

    public List<string> Problems { get; } = [];

    public Uri Endpoint { get; private set; } = null!;

    private LoopbackTencent(TimeProvider serverClock)
    {
        _serverClock = serverClock;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<LoopbackTencent> StartAsync(TimeProvider serverClock, params TencentReply[] script)
    {
        var server = new LoopbackTencent(serverClock);
        foreach (var reply in script)
        {
            server._script.Enqueue(reply);
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
        var signature = TencentRequestVerifier.SignatureProblems(request, Account.SecretId, Account.SecretKey, "sms", _serverClock.GetUtcNow());
        var other = TencentRequestVerifier.RequestProblems(request, Account);
        lock (Requests)
        {
            Requests.Add(request);
            Problems.AddRange(signature);
            Problems.AddRange(other);
        }
        var reply = (signature, other) switch
        {
            _ when signature.Any(p => p.StartsWith("X-TC-Timestamp", StringComparison.Ordinal)) => TencentReply.Error("AuthFailure.SignatureExpire", "Signature expired (test verifier)."),
            ([_, ..], _) => TencentReply.Error("AuthFailure.SignatureFailure", "The provided credentials could not be validated (test verifier)."),
            (_, [var first, ..]) => TencentReply.Error("InvalidParameter", $"Denied by the test verifier: {first}"),
            _ => _script.TryDequeue(out var next) ? next : TencentReply.Error("InternalError", "no scripted reply left"),
        };
        try
        {
            await Task.Delay(reply.Delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the client gave up waiting
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body, Encoding.UTF8);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
