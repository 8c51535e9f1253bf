using System.Globalization;
using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Outreach.Adapters.Sms;

/// <summary>
/// Signs each attempt with the ACS access key: <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=…</c> over
/// <c>"{METHOD}\n{pathAndQuery}\n{date};{host};{contentHash}"</c>. It sits after the retry policy, so every retry
/// carries a fresh date and signature.
/// </summary>
internal sealed class AcsHmacAuthenticationPolicy(string accessKey, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    private readonly byte[] _key = Convert.FromBase64String(accessKey);

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var contentHash = Convert.ToBase64String(SHA256.HashData(ReadContent(request.Content, message.CancellationToken)));
        var date = time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        var uri = request.Uri.ToUri();
        // The Host header carries the port when it is not the scheme's default, and the signature must match it.
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var stringToSign = $"{request.Method.Method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{host};{contentHash}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.SetValue("x-ms-date", date);
        request.Headers.SetValue("x-ms-content-sha256", contentHash);
        request.Headers.SetValue(HttpHeader.Names.Authorization,
            $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
    }

    private static byte[] ReadContent(RequestContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return [];
        }
        using var buffer = new MemoryStream();
        content.WriteTo(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
