using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Outreach.Adapters.Tests.Sms.Tencent;

/// <summary>The account a stand-in checks requests against.</summary>
public sealed record TencentAccount(string SecretId, string SecretKey, string SdkAppId, string SignName, string Region);

/// <summary>
/// Checks a request as Tencent Cloud documents it, written apart from the client so a shared mistake cannot pass:
/// the TC3-HMAC-SHA256 signature ("Signature v3", recomputed from the request as received: its method, target,
/// signed headers and body bytes), the credential scope, the <c>X-TC-Timestamp</c> window, the common headers, and
/// the body of SendSms 2021-01-11. <see cref="TencentRequestVerifierTests"/> holds it to the documentation's worked example.
/// </summary>
internal static partial class TencentRequestVerifier
{
    /// <summary>"Timestamp 和服务器时间相差不得超过五分钟": the API refuses a request signed further off (AuthFailure.SignatureExpire).</summary>
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromMinutes(5);

    /// <summary>What is wrong with the request apart from its signature: target, common headers, body.</summary>
    public static List<string> RequestProblems(RecordedRequest request, TencentAccount account)
    {
        var problems = new List<string>();
        void Expect(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
        Expect(request.Method == "POST", $"method {request.Method}");
        Expect(request.PathAndQuery == "/", $"target {request.PathAndQuery}");
        Expect(request.Header("Content-Type")?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true, $"Content-Type {request.Header("Content-Type")}");
        Expect(request.Header("X-TC-Action") == "SendSms", $"X-TC-Action {request.Header("X-TC-Action")}");
        Expect(request.Header("X-TC-Version") == "2021-01-11", $"X-TC-Version {request.Header("X-TC-Version")}");
        Expect(request.Header("X-TC-Region") == account.Region, $"X-TC-Region {request.Header("X-TC-Region")}");
        problems.AddRange(BodyProblems(request.Body, account));
        return problems;
    }

    /// <summary>What is wrong with the request's TC3-HMAC-SHA256 signature, judged by a server whose clock reads <paramref name="serverNow"/>.</summary>
    public static List<string> SignatureProblems(RecordedRequest request, string secretId, string secretKey, string service, DateTimeOffset serverNow)
    {
        var authorization = request.Header("Authorization") ?? "";
        var match = AuthorizationFormat().Match(authorization);
        if (!match.Success)
        {
            return [$"Authorization is not TC3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…: {authorization}"];
        }
        if (!long.TryParse(request.Header("X-TC-Timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return [$"X-TC-Timestamp is not a Unix time in seconds: {request.Header("X-TC-Timestamp")}"];
        }
        var problems = new List<string>();
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((timestamp - serverNow).Duration() > TimestampWindow)
        {
            problems.Add($"X-TC-Timestamp {seconds} is {(timestamp - serverNow).TotalSeconds:0} s from the server's clock");
        }
        var (id, date, scopeService) = (match.Groups["id"].Value, match.Groups["date"].Value, match.Groups["service"].Value);
        if (id != secretId)
        {
            problems.Add($"Credential names SecretId {id}");
        }
        if (date != timestamp.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        {
            problems.Add($"credential scope date {date} is not the UTC date of X-TC-Timestamp {seconds}");
        }
        if (scopeService != service)
        {
            problems.Add($"credential scope service {scopeService}, expected {service}");
        }
        var signedHeaders = match.Groups["headers"].Value.Split(';');
        if (!signedHeaders.Contains("content-type") || !signedHeaders.Contains("host"))
        {
            problems.Add($"SignedHeaders {match.Groups["headers"].Value} leaves out content-type or host");
        }
        if (!signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal).Distinct()))
        {
            problems.Add($"SignedHeaders {match.Groups["headers"].Value} is not sorted");
        }
        if (signedHeaders.FirstOrDefault(h => request.Header(h) is null) is { } missing)
        {
            problems.Add($"signed header {missing} is not in the request");
            return problems;
        }
        var stringToSign = string.Join('\n', "TC3-HMAC-SHA256", seconds.ToString(CultureInfo.InvariantCulture),
            $"{date}/{scopeService}/tc3_request", Sha256Hex(Encoding.UTF8.GetBytes(CanonicalRequest(request, signedHeaders))));
        if (match.Groups["signature"].Value != Signature(secretKey, date, scopeService, stringToSign))
        {
            problems.Add("signature does not match");
        }
        return problems;
    }

    /// <summary>
    /// Method, path, query, each signed header as <c>name:value</c> (both lower-cased, trimmed) on its own line, a blank
    /// line, the signed header names, and the lower-case hex SHA-256 of the body as received.
    /// </summary>
    public static string CanonicalRequest(RecordedRequest request, IReadOnlyList<string> signedHeaders)
    {
        var target = request.PathAndQuery.Split('?', 2);
        var headers = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            headers.Append(CultureInfo.InvariantCulture, $"{name}:{request.Header(name)!.Trim().ToLowerInvariant()}\n");
        }
        return $"{request.Method}\n{target[0]}\n{(target.Length > 1 ? target[1] : "")}\n{headers}\n{string.Join(';', signedHeaders)}\n{Sha256Hex(request.Body)}";
    }

    /// <summary>HMAC-SHA256 of the string to sign under the key derived from "TC3" + secret, the date, the service and "tc3_request".</summary>
    public static string Signature(string secretKey, string date, string service, string stringToSign)
    {
        var key = Encoding.UTF8.GetBytes("TC3" + secretKey);
        foreach (var part in new[] { date, service, "tc3_request", stringToSign })
        {
            using var hmac = new HMACSHA256(key);
            key = hmac.ComputeHash(Encoding.UTF8.GetBytes(part));
        }
        return string.Concat(key.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    public static string Sha256Hex(byte[] data) => string.Concat(SHA256.HashData(data).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    private static List<string> BodyProblems(byte[] body, TencentAccount account)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return [$"body is not JSON: {e.Message}"];
        }
        var problems = new List<string>();
        void Expect(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
        string[] known = ["PhoneNumberSet", "SmsSdkAppId", "TemplateId", "SignName", "TemplateParamSet", "ExtendCode", "SessionContext", "SenderId"];
        var unknown = root.EnumerateObject().Select(p => p.Name).Except(known).ToArray();
        Expect(unknown.Length == 0, $"body properties SendSms does not take: {string.Join(",", unknown)}");
        if (root.TryGetProperty("PhoneNumberSet", out var phones) && phones.ValueKind == JsonValueKind.Array && phones.GetArrayLength() is >= 1 and <= 200)
        {
            var numbers = phones.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()! : "").ToArray();
            Expect(numbers.All(n => E164().IsMatch(n)), $"PhoneNumberSet is not E.164: {string.Join(",", numbers)}");
            Expect(numbers.All(n => n.StartsWith("+86", StringComparison.Ordinal)) || numbers.All(n => !n.StartsWith("+86", StringComparison.Ordinal)),
                "PhoneNumberSet mixes mainland and other numbers");
        }
        else
        {
            problems.Add("PhoneNumberSet is not an array of 1 to 200 numbers");
        }
        Expect(StringOf(root, "SmsSdkAppId") == account.SdkAppId, $"SmsSdkAppId {StringOf(root, "SmsSdkAppId")}");
        Expect(StringOf(root, "SignName") == account.SignName, $"SignName {StringOf(root, "SignName")}");
        Expect(StringOf(root, "TemplateId") is { Length: > 0 } template && template.All(char.IsAsciiDigit), $"TemplateId {StringOf(root, "TemplateId")}");
        Expect(!root.TryGetProperty("TemplateParamSet", out var parameters)
            || (parameters.ValueKind == JsonValueKind.Array && parameters.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String)),
            "TemplateParamSet is not an array of strings");
        Expect(!root.TryGetProperty("SessionContext", out var session)
            || (session.ValueKind == JsonValueKind.String && Encoding.UTF8.GetByteCount(session.GetString()!) < 512),
            "SessionContext is not a string under 512 bytes");
        return problems;
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^TC3-HMAC-SHA256 Credential=(?<id>[^/]+)/(?<date>\d{4}-\d{2}-\d{2})/(?<service>[a-z]+)/tc3_request, SignedHeaders=(?<headers>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationFormat();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
