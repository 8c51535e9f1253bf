using System.Text.Json.Nodes;

namespace Outreach.Infra.Tests;

/// <summary><c>infra/main.bicep</c> compiled once to ARM JSON, with every resource of every module flattened.</summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate()
    {
        var build = Bicep.Run("build", Bicep.MainTemplate, "--stdout");
        Build = build;
        Json = build.Output;
        Root = build.ExitCode == 0 ? JsonNode.Parse(build.Output)!.AsObject() : new JsonObject();
        Resources = Flatten(Root, "main").ToList();
    }

    public Bicep.Result Build { get; }

    public string Json { get; }

    public JsonObject Root { get; }

    /// <summary>Every template in the tree (main and each module's nested template).</summary>
    public IEnumerable<JsonObject> Templates => Resources
        .Where(r => r.Type == "Microsoft.Resources/deployments")
        .Select(r => r.Node["properties"]?["template"]?.AsObject())
        .OfType<JsonObject>()
        .Prepend(Root);

    public IReadOnlyList<Resource> Resources { get; }

    public sealed record Resource(string Module, JsonObject Node)
    {
        public string Type => (string)Node["type"]!;
        public JsonNode? Properties => Node["properties"];
    }

    public IEnumerable<Resource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<Resource> Flatten(JsonObject template, string module)
    {
        // Bicep emits an array here unless a template uses language version 2.0 (symbolic names).
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return new Resource(module, resource);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments"
                && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested, (string?)resource["name"] ?? "?"))
                {
                    yield return inner;
                }
            }
        }
    }
}
