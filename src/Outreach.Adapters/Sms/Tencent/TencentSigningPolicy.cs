using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Outreach.Adapters.Sms.Tencent;

/// <summary>
/// Signs each try with TC3-HMAC-SHA256, Tencent Cloud API 3.0's "Signature v3": a canonical request (method, path,
/// query, the signed headers lower-cased and sorted, the hex SHA-256 of the body) is hashed into
/// <c>"TC3-HMAC-SHA256\n{timestamp}\n{date}/{service}/tc3_request\n{hash}"</c>, which is signed with a key derived from
/// the secret by HMAC over the date, the service and <c>tc3_request</c>. The policy sits after the retry policy, so a
/// retried try carries a fresh <c>X-TC-Timestamp</c> (the API refuses one more than five minutes off) and signature.
/// </summary>
internal sealed class TencentSigningPolicy(string secretId, string secretKey, string service, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    public const string Algorithm = "TC3-HMAC-SHA256";

    /// <summary>content-type and host are required; x-tc-action also binds the signature to the one action it was made for.</summary>
    public const string SignedHeaders = "content-type;host;x-tc-action";

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        // The scope's date is the timestamp's UTC date: from 00:00 to 08:00 China time it is still yesterday there.
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var uri = request.Uri.ToUri();
        // The Host header carries the port when it is not the scheme's default, and the signature must match it.
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var canonicalHeaders =
            $"content-type:{Header(request, HttpHeader.Names.ContentType)}\nhost:{host}\nx-tc-action:{Header(request, "X-TC-Action")}\n";
        var canonicalRequest = string.Join('\n',
            request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), canonicalHeaders, SignedHeaders,
            Sha256Hex(ReadContent(request.Content, message.CancellationToken)));
        var scope = $"{date}/{service}/tc3_request";
        var stringToSign = $"{Algorithm}\n{timestamp}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("TC3" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "tc3_request"u8);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        request.Headers.SetValue("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.SetValue(HttpHeader.Names.Authorization,
            $"{Algorithm} Credential={secretId}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}");
    }

    /// <summary>A signed header's value as the canonical request wants it: trimmed and lower-cased (SendSms becomes sendsms).</summary>
    private static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value.Trim().ToLowerInvariant() : "";

    private static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

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
