using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>
/// <c>--storage https://&lt;account&gt;.table.core.windows.net</c>: a deployed account refuses shared keys, so the CLI
/// signs in with Entra ID. Azurite here serves https and checks each bearer token's audience, issuer and lifetime.
/// </summary>
[Collection(OAuthAzuriteFixture.Collection)]
public class KeylessStorageCliTests(OAuthAzuriteFixture azurite)
{
    private const string Now = "--now=2026-12-07T09:00";

    [Fact]
    public async Task Import_plan_and_visits_reach_the_account_by_its_table_uri_with_a_token()
    {
        var credential = new AzuriteTokenCredential();
        var cli = Keyless(credential);

        await cli.ImportSmallRosterAsync();
        var planned = await cli.RunAsync("plan", "--from", "2026-12-07", "--to", "2027-01-03", Now);
        var listed = await cli.RunAsync("visits", "--target", "h1", "--from", "2026-12-07", "--to", "2027-01-03", "--format", "json", Now);

        Assert.True(planned.Code == 0, planned.Error);
        Assert.Contains("Planned ", planned.Out);
        Assert.True(listed.Code == 0, listed.Error);
        // 张大爷 lives alone: visited every week, four times in four weeks.
        Assert.Equal(4, JsonDocument.Parse(listed.Out).RootElement.GetArrayLength());
        Assert.True(credential.Requests > 0, "the token credential was never asked: the requests were not signed in");
        Assert.All(credential.Scopes, scope => Assert.Equal("https://storage.azure.com/.default", scope));
    }

    [Fact]
    public async Task A_token_storage_refuses_is_exit_code_2_naming_the_endpoint_and_the_role()
    {
        var cli = Keyless(new AzuriteTokenCredential(audience: "https://vault.azure.net"));

        var (code, output, error) = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2026-12-13", Now);

        Assert.Equal((2, ""), (code, output));
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(Endpoint, error);
        Assert.Contains("refused the signed-in identity", error);
        Assert.Contains("Storage Table Data Contributor", error);
    }

    [Fact]
    public async Task A_credential_that_cannot_sign_in_is_exit_code_2_naming_the_endpoint_and_az_login()
    {
        var cli = Keyless(new UnavailableCredential());

        var (code, output, error) = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2026-12-13", Now);

        Assert.Equal((2, ""), (code, output));
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains($"Cannot sign in to storage at {Endpoint}", error);
        Assert.Contains("az login", error);
        Assert.Contains("Storage Table Data Contributor", error);
    }

    [Fact]
    public async Task An_unreachable_table_uri_is_exit_code_2_naming_it()
    {
        var endpoint = $"https://127.0.0.1:{AzuriteFixture.ClosedPort()}/devstoreaccount1";
        var cli = CliRun.For(endpoint);
        cli.Credential = new AzuriteTokenCredential();

        var (code, _, error) = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2026-12-13", Now);

        Assert.Equal(2, code);
        Assert.Contains($"Cannot reach table storage at {endpoint}", error);
    }

    [Fact]
    public async Task A_template_container_needs_a_table_uri_whose_host_names_the_blob_service()
    {
        var cli = Keyless(new AzuriteTokenCredential());
        cli.Settings["Sms__TemplatesContainer"] = "sms-templates";

        var (code, output, error) = await cli.RunAsync("template", "preview", "evening-digest");

        Assert.Equal((1, ""), (code, output));
        Assert.Contains("Sms__TemplatesContainer", error);
        Assert.Contains(Endpoint, error);
        Assert.Contains("https://<account>.table.core.windows.net", error);
    }

    private string Endpoint => azurite.TableEndpoint!.ToString().TrimEnd('/');

    private CliRun Keyless(TokenCredential credential)
    {
        var cli = CliRun.For(azurite.TableEndpoint!.ToString());
        cli.Credential = credential;
        cli.StorageTransport = new HttpClientTransport(azurite.TrustingHandler());
        return cli;
    }

    /// <summary>
    /// Mints the unsigned JWTs Azurite's basic OAuth accepts: its issuer, the given audience, and a lifetime of
    /// 2000 to 2100 so that no clock is read.
    /// </summary>
    private sealed class AzuriteTokenCredential(string audience = "https://storage.azure.com") : TokenCredential
    {
        private static readonly DateTimeOffset Expires = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private readonly List<string> _scopes = [];

        public int Requests { get; private set; }

        public IReadOnlyList<string> Scopes
        {
            get
            {
                lock (_scopes)
                {
                    return [.. _scopes];
                }
            }
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (_scopes)
            {
                Requests++;
                _scopes.AddRange(requestContext.Scopes);
            }
            var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
            var payload = Base64Url(JsonSerializer.Serialize(new
            {
                aud = audience,
                iss = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
                iat = 946684800,
                nbf = 946684800,
                exp = Expires.ToUnixTimeSeconds(),
                oid = "11111111-1111-1111-1111-111111111111",
            }));
            return new AccessToken($"{header}.{payload}.", Expires);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));

        private static string Base64Url(string json) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>What DefaultAzureCredential throws on a machine where nobody ran az login.</summary>
    private sealed class UnavailableCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token from the included credentials.\n- Please run 'az login' to set up account.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

/// <summary><c>--storage</c> / <c>OUTREACH_STORAGE</c> values that are neither form, and the blob URI of a table URI.</summary>
public class StorageOptionTests
{
    [Theory]
    [InlineData("mystorageaccount")]
    [InlineData("http://myaccount.table.core.windows.net")]
    [InlineData("https://myaccount.blob.core.windows.net")]
    [InlineData("https://myaccount.table.core.windows.net/?sv=2024-11-04&sig=SECRET")]
    [InlineData("AccountName=myaccount;AccountKey=SECRET")]
    [InlineData("https://me:SECRET@myaccount.table.core.windows.net")]
    public async Task A_malformed_value_is_exit_code_1_naming_the_option_and_both_forms(string storage)
    {
        var cli = CliRun.For(storage);
        cli.Credential = new UnusedCredential();

        var (code, output, error) = await cli.RunAsync("visits", "--from", "2026-12-07", "--to", "2026-12-13");

        Assert.Equal((1, ""), (code, output));
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains($"--storage (or {OutreachCli.StorageVariable})", error);
        Assert.Contains("UseDevelopmentStorage=true", error);
        Assert.Contains("https://<account>.table.core.windows.net", error);
        Assert.DoesNotContain("SECRET", error);
    }

    [Theory]
    [InlineData("https://myaccount.table.core.windows.net", "https://myaccount.blob.core.windows.net/")]
    [InlineData("https://myaccount.table.core.chinacloudapi.cn/", "https://myaccount.blob.core.chinacloudapi.cn/")]
    [InlineData("https://127.0.0.1:10002/devstoreaccount1", null)]
    public void The_blob_service_is_the_table_host_with_blob_for_table(string table, string? blob) =>
        Assert.Equal(blob, CliStorage.BlobServiceUri(new Uri(table))?.ToString());

    private sealed class UnusedCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A malformed --storage must be refused before anyone signs in.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
