using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Outreach.Infra.Tests;

/// <summary>
/// The deployment promises of issue 6, read from the ARM JSON that <c>bicep build</c> makes of
/// <c>infra/main.bicep</c>: a change that drops one of them fails here, not in a district's subscription.
/// </summary>
public partial class InfraTemplateTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string QueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    private const string BlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    [Fact]
    public void The_template_builds_without_errors_or_warnings()
    {
        Assert.True(template.Build.ExitCode == 0, $"bicep build failed:\n{template.Build.Errors}");
        Assert.True(string.IsNullOrWhiteSpace(template.Build.Errors), $"bicep build reported:\n{template.Build.Errors}");
    }

    [Fact]
    public void The_linter_reports_nothing()
    {
        var lint = Bicep.Run("lint", Bicep.MainTemplate);

        Assert.True(lint.ExitCode == 0, $"bicep lint failed ({lint.ExitCode}):\n{lint.Output}{lint.Errors}");
        Assert.True(string.IsNullOrWhiteSpace(lint.Errors + lint.Output), $"bicep lint reported:\n{lint.Output}{lint.Errors}");
    }

    [Fact]
    public void The_app_runs_on_a_Flex_Consumption_plan()
    {
        var plan = Assert.Single(template.OfType("Microsoft.Web/serverfarms"));

        Assert.Equal("FC1", (string?)plan.Node["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan.Node["sku"]?["tier"]);
        Assert.True((bool?)plan.Properties?["reserved"], "Flex Consumption is Linux: reserved must be true");
    }

    [Fact]
    public void The_app_runs_dotnet_isolated_10_from_an_identity_authenticated_deployment_container()
    {
        var config = App().Properties?["functionAppConfig"];

        Assert.Equal("dotnet-isolated", (string?)config?["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config?["runtime"]?["version"]);
        var storage = config?["deployment"]?["storage"];
        Assert.Equal("blobContainer", (string?)storage?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage?["authentication"]?["type"]);
        Assert.NotNull(storage?["authentication"]?["userAssignedIdentityResourceId"]);
        // Both are parameters, not literals.
        Assert.StartsWith("[parameters(", (string?)config?["scaleAndConcurrency"]?["instanceMemoryMB"]);
        Assert.StartsWith("[parameters(", (string?)config?["scaleAndConcurrency"]?["maximumInstanceCount"]);
    }

    [Fact]
    public void The_app_runs_as_a_user_assigned_identity_that_also_resolves_Key_Vault_references()
    {
        var app = App();

        Assert.Equal("UserAssigned", (string?)app.Node["identity"]?["type"]);
        Assert.Single(app.Node["identity"]!["userAssignedIdentities"]!.AsObject());
        Assert.NotNull(app.Properties?["keyVaultReferenceIdentity"]);
        Assert.Single(template.OfType("Microsoft.ManagedIdentity/userAssignedIdentities"));
    }

    [Fact]
    public void Storage_refuses_shared_keys_old_TLS_and_anonymous_blobs()
    {
        var storage = Assert.Single(template.OfType("Microsoft.Storage/storageAccounts"));

        Assert.False((bool?)storage.Properties?["allowSharedKeyAccess"] ?? true, "allowSharedKeyAccess must be false");
        Assert.Equal("TLS1_2", (string?)storage.Properties?["minimumTlsVersion"]);
        Assert.False((bool?)storage.Properties?["allowBlobPublicAccess"] ?? true, "allowBlobPublicAccess must be false");
    }

    [Fact]
    public void The_host_reaches_storage_with_its_identity_not_a_connection_string()
    {
        var settings = AppSettings();

        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        foreach (var key in new[] { "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri",
                     "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri",
                     "Storage__TableServiceUri", "AZURE_CLIENT_ID" })
        {
            Assert.True(settings.ContainsKey(key), $"app setting {key} is missing");
        }
        Assert.Equal((string?)settings["AzureWebJobsStorage__clientId"], (string?)settings["AZURE_CLIENT_ID"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"), "AzureWebJobsStorage would be a connection string");
        Assert.False(settings.ContainsKey("Storage__ConnectionString"));
        // Flex Consumption rejects these: the runtime is in functionAppConfig.
        Assert.False(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
    }

    [Fact]
    public void Every_setting_the_app_reads_is_provisioned()
    {
        var settings = AppSettings();

        foreach (var key in new[] { "PlanSchedule", "EscalationSchedule", "EveningDigestSchedule", "DrainSchedule", "OutboxCleanupSchedule", "MorningReminderSchedule", "OverdueSchedule", "PoisonCheckSchedule", "SmsInboundQueue", "PlanningOptions__HorizonDays", "PlanningOptions__FrozenDays",
                     "PlanningOptions__HistoryDays", "Sms__Endpoint", "Sms__From", "Sms__TemplatesContainer", "Storage__BlobServiceUri", "APPLICATIONINSIGHTS_CONNECTION_STRING" })
        {
            Assert.True(settings.ContainsKey(key), $"app setting {key} is missing");
        }
        Assert.Contains("Authorization=AAD", (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", (string?)settings["Links__SigningKey"]);
        Assert.Equal("0 0 17 * * *", (string?)template.Root["parameters"]?["planSchedule"]?["defaultValue"]);
        Assert.Equal("0 0 * * * *", (string?)template.Root["parameters"]?["escalationSchedule"]?["defaultValue"]);
        // Every minute: a drain that died after sending is retried inside the gateway's repeatability window (OutboxDrainer.ClaimLease).
        Assert.Equal("0 * 0-13 * * *", (string?)template.Root["parameters"]?["drainSchedule"]?["defaultValue"]);
    }

    [Fact]
    public void The_links_in_sms_point_at_the_apps_own_pages_or_the_custom_domain_given()
    {
        var linkBase = (string?)AppSettings()["ReminderOptions__LinkBaseUrl"];

        // Compiled: [format('https://{0}/v/', if(empty(parameters('linkHost')), reference(<the app>).defaultHostName, parameters('linkHost')))]
        Assert.NotNull(linkBase);
        Assert.Matches(@"^\[format\('https://\{0\}/v/', if\(empty\(parameters\('linkHost'\)\), reference\(.+\)\.defaultHostName, parameters\('linkHost'\)\)\)\]$", linkBase);
        Assert.Equal("", (string?)template.Root["parameters"]?["linkHost"]?["defaultValue"]);
        Assert.Contains("LINK_BASE_URL", template.Root["outputs"]!.AsObject().Select(o => o.Key));
    }

    [Theory]
    [InlineData(BlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(QueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(TableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(KeyVaultSecretsUser, "Microsoft.KeyVault/vaults")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    [InlineData(Contributor, "Microsoft.Communication/communicationServices")]
    public void The_app_identity_holds_each_role_on_its_resource(string roleId, string scopeType)
    {
        var assignment = Assert.Single(RoleAssignments(roleId), r => (string?)r.Properties?["principalType"] == "ServicePrincipal");

        Assert.Contains(scopeType, (string?)assignment.Node["scope"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Sms_replies_reach_the_inbound_queue_through_a_system_topic_on_Communication_Services()
    {
        var topic = Assert.Single(template.OfType("Microsoft.EventGrid/systemTopics"));
        Assert.Equal("Microsoft.Communication.CommunicationServices", (string?)topic.Properties?["topicType"]);
        Assert.Contains("Microsoft.Communication/communicationServices", (string?)topic.Properties?["source"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("SystemAssigned", (string?)topic.Node["identity"]?["type"]);

        var subscription = Assert.Single(template.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions")).Properties;
        Assert.Equal(["Microsoft.Communication.SMSReceived"], subscription?["filter"]?["includedEventTypes"]?.AsArray().Select(t => (string?)t));
        Assert.Equal("EventGridSchema", (string?)subscription?["eventDeliverySchema"]);
        Assert.Null(subscription?["destination"]);
        var delivery = subscription?["deliveryWithResourceIdentity"];
        Assert.Equal("SystemAssigned", (string?)delivery?["identity"]?["type"]);
        Assert.Equal("StorageQueue", (string?)delivery?["destination"]?["endpointType"]);
        Assert.Equal("[parameters('queueName')]", (string?)delivery?["destination"]?["properties"]?["queueName"]);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string?)delivery?["destination"]?["properties"]?["resourceId"]);
        Assert.Contains(subscription!.Parent!["dependsOn"]!.AsArray(), d => ((string?)d)?.Contains(QueueDataMessageSender) == true);
    }

    [Fact]
    public void The_queue_Event_Grid_fills_is_created_and_is_the_one_the_app_reads()
    {
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues"));
        Assert.Equal("sms-inbound", (string?)template.Root["parameters"]?["smsInboundQueueName"]?["defaultValue"]);
        foreach (var (module, parameter) in new[] { ("storage", "smsInboundQueueName"), ("sms-inbound", "queueName"), ("function", "smsInboundQueueName") })
        {
            var deployment = Assert.Single(template.OfType("Microsoft.Resources/deployments"), d => (string?)d.Node["name"] == module);
            Assert.Equal("[parameters('smsInboundQueueName')]", (string?)deployment.Properties?["parameters"]?[parameter]?["value"]);
        }
    }

    [Fact]
    public void The_template_override_container_is_created_private_and_is_the_one_the_app_reads()
    {
        var containers = template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();
        Assert.Contains(containers, c => ((string?)c.Node["name"])?.Contains("parameters('smsTemplatesContainerName')") == true);
        Assert.All(containers, c => Assert.Equal("None", (string?)c.Properties?["publicAccess"]));
        Assert.Equal("sms-templates", (string?)template.Root["parameters"]?["smsTemplatesContainerName"]?["defaultValue"]);
        foreach (var module in new[] { "storage", "function" })
        {
            var deployment = Assert.Single(template.OfType("Microsoft.Resources/deployments"), d => (string?)d.Node["name"] == module);
            Assert.Equal("[parameters('smsTemplatesContainerName')]", (string?)deployment.Properties?["parameters"]?["smsTemplatesContainerName"]?["value"]);
        }
    }

    [Fact]
    public void The_system_topic_identity_may_only_send_messages_to_the_inbound_queue()
    {
        var assignment = Assert.Single(RoleAssignments(QueueDataMessageSender));

        Assert.Contains("Microsoft.EventGrid/systemTopics", (string?)assignment.Properties?["principalId"]);
        Assert.Contains(".identity.principalId", (string?)assignment.Properties?["principalId"]);
        Assert.Equal("ServicePrincipal", (string?)assignment.Properties?["principalType"]);
        Assert.Contains("Microsoft.Storage/storageAccounts/queueServices/queues", (string?)assignment.Node["scope"]);
    }

    [Fact]
    public void Key_Vault_uses_RBAC_and_the_template_creates_no_secret()
    {
        var vault = Assert.Single(template.OfType("Microsoft.KeyVault/vaults"));

        Assert.True((bool?)vault.Properties?["enableRbacAuthorization"], "Key Vault must be in RBAC mode");
        Assert.Empty(template.OfType("Microsoft.KeyVault/vaults/secrets"));
    }

    [Fact]
    public void Communication_Services_and_monitoring_are_provisioned()
    {
        var communication = Assert.Single(template.OfType("Microsoft.Communication/communicationServices"));
        Assert.StartsWith("[parameters(", (string?)communication.Properties?["dataLocation"]);
        Assert.Single(template.OfType("Microsoft.OperationalInsights/workspaces"));
        var insights = Assert.Single(template.OfType("Microsoft.Insights/components"));
        Assert.True((bool?)insights.Properties?["DisableLocalAuth"], "telemetry must be sent with the identity only");
    }

    [Fact]
    public void No_key_or_secret_appears_in_the_template_or_infra_sources()
    {
        var texts = Directory.EnumerateFiles(Path.Combine(Bicep.RepositoryRoot, "infra"), "*", SearchOption.AllDirectories)
            .Select(path => (Name: Path.GetRelativePath(Bicep.RepositoryRoot, path), Text: File.ReadAllText(path)))
            .Append((Name: "compiled main.json", Text: template.Json));

        foreach (var (name, text) in texts)
        {
            Assert.False(SecretLike().IsMatch(text), $"{name} contains {SecretLike().Match(text).Value}");
            Assert.DoesNotContain("br/public:", text);
        }
    }

    [Fact]
    public void No_parameter_carries_a_secret_default()
    {
        foreach (var parameters in template.Templates.Select(t => t["parameters"]?.AsObject()).OfType<JsonObject>())
        {
            foreach (var (name, parameter) in parameters)
            {
                var type = (string?)parameter?["type"] ?? "";
                var secretLike = type.StartsWith("secure", StringComparison.OrdinalIgnoreCase)
                    || name.Contains("password", StringComparison.OrdinalIgnoreCase);
                Assert.False(secretLike && parameter?["defaultValue"] is not null, $"parameter {name} has a default");
            }
        }
    }

    [Theory]
    [InlineData(TableDataContributor, "Microsoft.Storage/storageAccounts'")]
    [InlineData(BlobDataReader, "Microsoft.Storage/storageAccounts/blobServices/containers'")]
    [InlineData(QueueDataContributor, "Microsoft.Storage/storageAccounts'")]
    public void The_coordinator_may_get_the_storage_role_the_CLI_needs_when_their_id_is_given(string roleId, string scopeType)
    {
        var assignment = Assert.Single(RoleAssignments(roleId), r => (string?)r.Properties?["principalId"] == "[parameters('coordinatorPrincipalId')]");
        var rbac = Assert.Single(template.OfType("Microsoft.Resources/deployments"), r => (string?)r.Node["name"] == assignment.Module);

        Assert.Equal("[not(empty(parameters('coordinatorPrincipalId')))]", (string?)assignment.Node["condition"]);
        Assert.Contains(scopeType, (string?)assignment.Node["scope"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("[parameters('coordinatorPrincipalType')]", (string?)assignment.Properties?["principalType"]);
        Assert.Equal("[parameters('coordinatorPrincipalId')]", (string?)rbac.Properties?["parameters"]?["coordinatorPrincipalId"]?["value"]);
        Assert.Equal("", (string?)template.Root["parameters"]?["coordinatorPrincipalId"]?["defaultValue"]);
        var azd = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "infra", "main.parameters.json"));
        Assert.Contains("\"coordinatorPrincipalId\": { \"value\": \"${COORDINATOR_PRINCIPAL_ID=}\" }", azd);
    }

    [Fact]
    public void The_app_is_told_the_cloud_it_is_deployed_to_and_no_cloud_endpoint_is_written_down()
    {
        // environment().name is AzureCloud or AzureChinaCloud: the names Azure__Cloud takes (src/Outreach.Adapters/Composition/AzureCloud.cs).
        Assert.Equal("[environment().name]", (string?)AppSettings()["Azure__Cloud"]);
        var suffixes = new[] { "core.windows.net", "core.chinacloudapi.cn", "vault.azure.net", "vault.azure.cn", "login.microsoftonline.com", "login.chinacloudapi.cn", "azurewebsites.net", "chinacloudsites.cn", "communication.azure.com" };
        foreach (var path in Directory.EnumerateFiles(Path.Combine(Bicep.RepositoryRoot, "infra"), "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(path);
            Assert.All(suffixes, suffix => Assert.False(text.Contains(suffix, StringComparison.OrdinalIgnoreCase),
                $"{Path.GetRelativePath(Bicep.RepositoryRoot, path)} names {suffix}: take the endpoint from the resource or environment(), which differ by cloud"));
        }
    }

    [Fact]
    public void With_Tencent_as_the_SMS_provider_no_Communication_Services_resource_topic_or_role_is_deployed()
    {
        var provider = template.Root["parameters"]?["smsProvider"];
        Assert.Equal("acs", (string?)provider?["defaultValue"]);
        Assert.Equal(["acs", "tencent"], provider?["allowedValues"]?.AsArray().Select(v => (string?)v));
        Assert.Equal("[equals(parameters('smsProvider'), 'acs')]", (string?)template.Root["variables"]?["useAcs"]);
        foreach (var module in new[] { "communication", "sms-inbound" })
        {
            Assert.Equal("[variables('useAcs')]", (string?)Module(module).Node["condition"]);
        }
        var contributor = Assert.Single(RoleAssignments(Contributor));
        Assert.Equal("[not(empty(parameters('communicationServicesName')))]", (string?)contributor.Node["condition"]);
        // Compiled: [if(variables('useAcs'), createObject('value', reference(<the communication module>).outputs.name.value), createObject('value', ''))]
        Assert.Matches(@"^\[if\(variables\('useAcs'\), createObject\('value', reference\(.+'communication'\).+\.outputs\.name\.value\), createObject\('value', ''\)\)\]$",
            (string?)Module("rbac").Properties?["parameters"]?["communicationServicesName"]);
        Assert.Matches(@"^\[if\(variables\('useAcs'\), createObject\('value', reference\(.+'communication'\).+\.outputs\.endpoint\.value\), createObject\('value', ''\)\)\]$",
            (string?)Module("function").Properties?["parameters"]?["communicationEndpoint"]);
        Assert.Equal("[parameters('smsProvider')]", (string?)AppSettings()["Sms__Provider"]);
    }

    [Fact]
    public void Tencent_settings_are_provisioned_with_the_secret_key_only_as_a_Key_Vault_reference_once_its_id_is_given()
    {
        var settings = AppSettings();

        foreach (var key in new[] { "Sms__Tencent__Region", "Sms__Tencent__SecretId", "Sms__Tencent__SdkAppId", "Sms__Tencent__SignName", "Sms__Tencent__Templates" })
        {
            Assert.True(settings.ContainsKey(key), $"app setting {key} is missing");
        }
        Assert.Equal("[if(and(variables('useTencent'), not(empty(parameters('tencentKeyId')))), format('@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)', parameters('keyVaultUri'), parameters('tencentSecretKeySecretName')), '')]",
            (string?)settings["Sms__Tencent__SecretKey"]);
        Assert.Equal("[if(variables('useTencent'), parameters('tencentTemplatesBlob'), '')]", (string?)settings["Sms__Tencent__Templates"]);
        Assert.Equal("sms-templates.csv", (string?)template.Root["parameters"]?["tencentTemplatesBlob"]?["defaultValue"]);
        Assert.Equal("tencent-sms-secret-key", (string?)template.Root["parameters"]?["tencentSecretKeySecretName"]?["defaultValue"]);
        Assert.DoesNotContain(template.Templates.SelectMany(t => t["parameters"]?.AsObject().Select(p => p.Key) ?? []), name => name.Contains("SecretKey", StringComparison.OrdinalIgnoreCase) && !name.EndsWith("SecretName", StringComparison.Ordinal));
        Assert.Contains("TENCENT_SECRET_KEY_SECRET_NAME", template.Root["outputs"]!.AsObject().Select(o => o.Key));
        var azd = File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "infra", "main.parameters.json"));
        foreach (var line in new[] { "\"smsProvider\": { \"value\": \"${SMS_PROVIDER=acs}\" }", "\"tencentKeyId\": { \"value\": \"${TENCENT_SECRET_ID=}\" }",
                     "\"tencentSdkAppId\": { \"value\": \"${TENCENT_SDK_APP_ID=}\" }", "\"tencentSignName\": { \"value\": \"${TENCENT_SIGN_NAME=}\" }" })
        {
            Assert.Contains(line, azd);
        }
    }

    [Fact]
    public void The_deploying_user_may_upload_to_the_template_container_only()
    {
        var assignment = Assert.Single(RoleAssignments(BlobDataContributor));

        Assert.Equal("[not(empty(parameters('deployerPrincipalId')))]", (string?)assignment.Node["condition"]);
        Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers'", (string?)assignment.Node["scope"]);
        Assert.Equal("[parameters('deployerPrincipalId')]", (string?)assignment.Properties?["principalId"]);
    }

    [Fact]
    public void Outputs_are_UPPER_SNAKE_for_azd()
    {
        var outputs = template.Root["outputs"]!.AsObject();

        Assert.NotEmpty(outputs);
        Assert.All(outputs.Select(o => o.Key), name => Assert.Matches("^[A-Z][A-Z0-9_]*$", name));
        Assert.Contains("SERVICE_API_NAME", outputs.Select(o => o.Key));
    }

    private IEnumerable<CompiledTemplate.Resource> RoleAssignments(string roleId) =>
        template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => ((string?)r.Properties?["roleDefinitionId"])?.Contains(roleId, StringComparison.OrdinalIgnoreCase) == true);

    private CompiledTemplate.Resource Module(string name) =>
        Assert.Single(template.OfType("Microsoft.Resources/deployments"), d => (string?)d.Node["name"] == name);

    private CompiledTemplate.Resource App() =>
        Assert.Single(template.OfType("Microsoft.Web/sites"), r => ((string?)r.Node["kind"])?.Contains("functionapp") == true);

    private JsonObject AppSettings() =>
        Assert.Single(template.OfType("Microsoft.Web/sites/config"),
                r => ((string?)r.Node["name"])?.Contains("appsettings") == true)
            .Properties!.AsObject();

    // Storage and ACS connection-string keys, SAS tokens, list*Keys calls, and PEM blocks.
    [GeneratedRegex(@"AccountKey=|accesskey|SharedAccessSignature|sig=[A-Za-z0-9%]{10,}|listKeys\(|listAccountSas|PRIVATE KEY-----", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLike();
}
