using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Outreach.Reminders;

namespace Outreach.Adapters.Tests.Sms;

/// <summary>
/// Checks a request as the ACS SMS service documents it, written apart from the client so a shared mistake cannot
/// pass: the HMAC-SHA256 access-key signature (learn.microsoft.com "Sign an HTTP request") and the body of
/// "Sms - Send", api-version 2021-03-07.
/// </summary>
internal static class AcsRequestVerifier
{
    public static IReadOnlyList<string> Problems(RecordedRequest request, string accessKey)
    {
        var problems = new List<string>();
        if (request.Method != "POST")
        {
            problems.Add($"method {request.Method}");
        }
        if (request.PathAndQuery != "/sms?api-version=2021-03-07")
        {
            problems.Add($"target {request.PathAndQuery}");
        }
        problems.AddRange(SignatureProblems(request, accessKey));
        problems.AddRange(BodyProblems(request.Body));
        return problems;
    }

    private static IEnumerable<string> SignatureProblems(RecordedRequest request, string accessKey)
    {
        var date = request.Header("x-ms-date");
        var hash = request.Header("x-ms-content-sha256");
        var authorization = request.Header("Authorization");
        if (date is null || hash is null || authorization is null)
        {
            yield return "missing x-ms-date, x-ms-content-sha256 or Authorization";
            yield break;
        }
        if (!DateTimeOffset.TryParseExact(date, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out _))
        {
            yield return $"x-ms-date is not RFC 1123: {date}";
        }
        if (hash != Convert.ToBase64String(SHA256.HashData(request.Body)))
        {
            yield return "x-ms-content-sha256 does not hash the body";
        }
        const string prefix = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            yield return $"Authorization scheme: {authorization}";
            yield break;
        }
        var toSign = "POST" + "\n" + request.PathAndQuery + "\n" + date + ";" + request.Header("Host") + ";" + hash;
        using var hmac = new HMACSHA256(Convert.FromBase64String(accessKey));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(toSign)));
        if (authorization[prefix.Length..] != expected)
        {
            yield return "signature does not match";
        }
    }

    private static List<string> BodyProblems(byte[] body)
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
        var names = root.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Expect(names.SequenceEqual(["from", "message", "smsRecipients", "smsSendOptions"]), $"body properties: {string.Join(",", names)}");
        Expect(root.TryGetProperty("from", out var from) && from.GetString()?.StartsWith('+') == true, "from is not E.164");
        Expect(root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String, "message is not a string");
        if (root.TryGetProperty("smsRecipients", out var recipients) && recipients.ValueKind == JsonValueKind.Array && recipients.GetArrayLength() == 1)
        {
            var recipient = recipients[0];
            Expect(recipient.TryGetProperty("to", out var to) && to.GetString()?.StartsWith('+') == true, "to is not E.164");
            Expect(recipient.TryGetProperty("repeatabilityRequestId", out var id) && !string.IsNullOrEmpty(id.GetString()), "no repeatabilityRequestId");
            Expect(recipient.TryGetProperty("repeatabilityFirstSent", out var first)
                && DateTimeOffset.TryParseExact(first.GetString(), "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
                "repeatabilityFirstSent is not an IMF-fixdate");
        }
        else
        {
            problems.Add("smsRecipients is not a one-element array");
        }
        Expect(root.TryGetProperty("smsSendOptions", out var options)
            && options.TryGetProperty("enableDeliveryReport", out var report) && report.ValueKind == JsonValueKind.False,
            "smsSendOptions.enableDeliveryReport is not false");
        return problems;
    }
}
