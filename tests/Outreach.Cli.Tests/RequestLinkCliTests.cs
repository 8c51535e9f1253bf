using System.Text;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary><c>request-link</c> and <c>request-links</c>: a target's request link, rotated on demand, and every link for printing with its QR code.</summary>
[Collection(AzuriteFixture.Collection)]
public class RequestLinkCliTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_targets_link_is_stable_until_rotated_and_rotation_touches_no_other_target()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();

        var first = await cli.RunAsync("request-link", "h1");
        var again = await cli.RunAsync("request-link", "h1");
        var other = await cli.RunAsync("request-link", "e1");
        var rotated = await cli.RunAsync("request-link", "h1", "--rotate");
        var after = await cli.RunAsync("request-link", "h1");
        var otherAfter = await cli.RunAsync("request-link", "e1");

        Assert.Equal(0, first.Code);
        Assert.StartsWith("http://localhost:7071/v/", first.Out);
        Assert.Equal(first.Out, again.Out);
        Assert.NotEqual(first.Out, rotated.Out);
        Assert.Equal(rotated.Out, after.Out);
        Assert.Equal(other.Out, otherAfter.Out);
    }

    [Fact]
    public async Task An_unknown_target_is_bad_input_naming_it()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();

        var (code, output, error) = await cli.RunAsync("request-link", "h9");
        var wrongGrid = await cli.RunAsync("request-link", "h1", "--grid", "xs-2");

        Assert.Equal((1, ""), (code, output));
        Assert.Contains("No target 'h9': check its id in enterprises.csv or households.csv", error);
        Assert.Equal(1, wrongGrid.Code);
        Assert.Contains("No target 'h1' in grid xs-2", wrongGrid.Error);
    }

    [Fact]
    public async Task Every_link_goes_to_a_csv_for_printing_with_an_svg_qr_code_each()
    {
        var cli = CliRun.In(azurite);
        await cli.ImportSmallRosterAsync();
        var csv = Path.Combine(cli.Folder, "links.csv");
        var qr = Path.Combine(cli.Folder, "qr");

        var (code, output, error) = await cli.RunAsync("request-links", "--out", csv, "--qr", qr);

        Assert.True(code == 0, error);
        Assert.Contains("Wrote 5 request links", output);
        var bytes = await File.ReadAllBytesAsync(csv);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).TrimEnd('\n').Split('\n');
        Assert.Equal("grid,target_id,kind,name,link,qr_file", lines[0]);
        Assert.Equal(6, lines.Length);
        var h1 = lines.Single(l => l.StartsWith("xs-1,h1,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("household", "仙山社区1号楼101", "xs-1_h1.svg"), (h1[2], h1[3], h1[5]));
        Assert.Equal((await cli.RunAsync("request-link", "h1")).Out.Trim(), h1[4]);
        var svg = await File.ReadAllTextAsync(Path.Combine(qr, "xs-1_h1.svg"));
        Assert.StartsWith("<svg", svg.TrimStart().Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", StringComparison.Ordinal).TrimStart());
        Assert.Contains("<rect", svg);
        Assert.Equal(5, Directory.GetFiles(qr, "*.svg").Length);
    }
}
