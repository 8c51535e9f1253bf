using Microsoft.Extensions.Configuration;
using Outreach.Testing;

namespace Outreach.Cli.Tests;

/// <summary>Runs the CLI in-process, as a coordinator would from a shell, against its own tables.</summary>
internal sealed class CliRun(string storage, string folder)
{
    private readonly string _prefix = AzuriteFixture.NewPrefix();

    /// <summary>The table prefix of this run's tables (<c>OUTREACH_TABLE_PREFIX</c>).</summary>
    public string Prefix => _prefix;

    public string Folder { get; } = folder;

    /// <summary>The storage the CLI runs against (a connection string or a table service URI).</summary>
    public string Storage { get; } = storage;

    /// <summary>More environment variables for every run (settings such as <c>Sms__TemplatesContainer</c>).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Run as if stderr were a terminal (progress is shown there); stdout stays redirected.</summary>
    public bool ErrorIsTerminal { get; set; }

    /// <summary>Signs in to storage given by URI (<see cref="CliEnvironment.Credential"/>).</summary>
    public Azure.Core.TokenCredential? Credential { get; set; }

    /// <summary>Carries requests to storage given by URI (<see cref="CliEnvironment.StorageTransport"/>).</summary>
    public Azure.Core.Pipeline.HttpPipelineTransport? StorageTransport { get; set; }

    public static CliRun In(AzuriteFixture azurite) => For(azurite.ConnectionString);

    /// <summary>A run against <paramref name="storage"/> (a connection string or a table service URI), in a fresh folder.</summary>
    public static CliRun For(string storage) => new(storage, Directory.CreateTempSubdirectory("outreach-cli-").FullName);

    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string>
        {
            [OutreachCli.StorageVariable] = Storage,
            [OutreachCli.TablePrefixVariable] = _prefix,
        };
        foreach (var (name, value) in Settings)
        {
            variables[name] = value;
        }
        // As AddEnvironmentVariables reads a process's environment: Section__Name is Section:Name.
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)))
            .Build();
        var environment = new CliEnvironment(output, error, settings, TimeProvider.System, Folder)
        {
            ErrorIsTerminal = ErrorIsTerminal,
            Credential = Credential,
            StorageTransport = StorageTransport,
        };
        var code = await OutreachCli.RunAsync(args, environment);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A small roster: two grids of 仙山 community, one visitor each, households and one enterprise.</summary>
    public async Task ImportSmallRosterAsync()
    {
        Write("grids.csv", "id,name,area,district\nxs-1,仙山一网格,仙山社区,龙港区\nxs-2,仙山二网格,仙山社区,龙港区\nkd-1,凯地家园一网格,凯地家园,龙港区\n");
        Write("visitors.csv", "id,name,phone,role,grids,weekly_capacity\nv1,王芳,13800138001,grid-member,xs-1,10\nv2,李强,+8613800138002,grid-member,xs-1;xs-2,10\nv3,赵敏,13800138003,party-member,xs-2,5\n");
        Write("households.csv", "id,address,grid,tags,head_name\nh1,仙山社区1号楼101,xs-1,elderly-alone,张大爷\nh2,仙山社区1号楼102,xs-1,,刘阿姨\nh3,仙山社区2号楼201,xs-2,elderly-alone,陈奶奶\nh4,凯地家园3号楼301,kd-1,,孙先生\n");
        Write("enterprises.csv", "id,name,grid,tags\ne1,葫芦岛仙山食品有限公司,xs-2,key\n");
        foreach (var kind in new[] { "grids", "visitors", "households", "enterprises" })
        {
            var (code, _, error) = await RunAsync("import", kind, $"{kind}.csv");
            Assert.True(code == 0, $"import {kind} failed: {error}");
        }
    }
}
