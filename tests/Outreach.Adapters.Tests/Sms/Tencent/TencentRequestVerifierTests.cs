using System.Text;

namespace Outreach.Adapters.Tests.Sms.Tencent;

/// <summary>
/// The verifier against Tencent's own worked example ("Signature v3", DescribeInstances in ap-guangzhou): if it
/// reproduces the published hashes and signature, a client it accepts signs as Tencent does.
/// </summary>
public class TencentRequestVerifierTests
{
    private const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    private const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    private const long Timestamp = 1551113065;

    // The body exactly as published: the \u escapes are bytes of the body, not Chinese characters.
    private const string Payload = """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";

    private static readonly DateTimeOffset ServerNow = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    private static RecordedRequest Example(string? authorization = null, string payload = Payload, long timestamp = Timestamp) => new("POST", "/",
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Authorization"] = authorization ?? $"TC3-HMAC-SHA256 Credential={SecretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            ["Content-Type"] = "application/json; charset=utf-8",
            ["Host"] = "cvm.tencentcloudapi.com",
            ["X-TC-Action"] = "DescribeInstances",
            ["X-TC-Timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-TC-Version"] = "2017-03-12",
            ["X-TC-Region"] = "ap-guangzhou",
        },
        Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void Builds_the_published_canonical_request_and_accepts_the_published_signature()
    {
        var request = Example();

        Assert.Equal("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", TencentRequestVerifier.Sha256Hex(request.Body));
        Assert.Equal("5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
            TencentRequestVerifier.Sha256Hex(Encoding.UTF8.GetBytes(TencentRequestVerifier.CanonicalRequest(request, ["content-type", "host"]))));
        Assert.Empty(TencentRequestVerifier.SignatureProblems(request, SecretId, SecretKey, "cvm", ServerNow));
    }

    [Fact]
    public void Lower_cases_a_signed_action_as_the_current_example_does()
    {
        // The current documentation also signs x-tc-action, whose value enters the canonical request as describeinstances.
        var canonical = TencentRequestVerifier.CanonicalRequest(Example(), ["content-type", "host", "x-tc-action"]);

        Assert.Contains("\nx-tc-action:describeinstances\n", canonical);
        Assert.Equal("7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84", TencentRequestVerifier.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));
    }

    [Fact]
    public void Refuses_a_body_changed_after_signing()
    {
        var problems = TencentRequestVerifier.SignatureProblems(Example(payload: Payload.Replace("1", "2", StringComparison.Ordinal)), SecretId, SecretKey, "cvm", ServerNow);

        Assert.Equal(["signature does not match"], problems);
    }

    [Fact]
    public void Refuses_a_signature_made_with_another_key()
    {
        var problems = TencentRequestVerifier.SignatureProblems(Example(), SecretId, SecretKey + "x", "cvm", ServerNow);

        Assert.Equal(["signature does not match"], problems);
    }

    [Theory]
    [InlineData(301, "X-TC-Timestamp 1551113065 is -301 s from the server's clock")]
    [InlineData(-301, "X-TC-Timestamp 1551113065 is 301 s from the server's clock")]
    public void Refuses_a_timestamp_more_than_five_minutes_from_the_servers_clock(int serverAhead, string expected)
    {
        var problems = TencentRequestVerifier.SignatureProblems(Example(), SecretId, SecretKey, "cvm", ServerNow.AddSeconds(serverAhead));

        Assert.Equal([expected], problems);
    }

    [Fact]
    public void Accepts_a_timestamp_five_minutes_off()
    {
        Assert.Empty(TencentRequestVerifier.SignatureProblems(Example(), SecretId, SecretKey, "cvm", ServerNow.AddMinutes(5)));
    }

    [Theory]
    [InlineData("AKIDother/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host", "Credential names SecretId AKIDother")]
    [InlineData(SecretId + "/2019-02-26/cvm/tc3_request, SignedHeaders=content-type;host", "credential scope date 2019-02-26 is not the UTC date of X-TC-Timestamp 1551113065")]
    [InlineData(SecretId + "/2019-02-25/sms/tc3_request, SignedHeaders=content-type;host", "credential scope service sms, expected cvm")]
    [InlineData(SecretId + "/2019-02-25/cvm/tc3_request, SignedHeaders=host", "SignedHeaders host leaves out content-type or host")]
    [InlineData(SecretId + "/2019-02-25/cvm/tc3_request, SignedHeaders=host;content-type", "SignedHeaders host;content-type is not sorted")]
    public void Refuses_a_credential_scope_or_signed_header_list_that_is_not_the_documented_one(string credential, string expected)
    {
        var authorization = $"TC3-HMAC-SHA256 Credential={credential}, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";

        var problems = TencentRequestVerifier.SignatureProblems(Example(authorization), SecretId, SecretKey, "cvm", ServerNow);

        Assert.Contains(expected, problems);
    }
}
