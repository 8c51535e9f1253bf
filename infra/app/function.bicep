// The Flex Consumption plan and the function app. Everything the app reads is an app setting here; none of
// them is a secret: storage, Application Insights and Communication Services are reached with the
// user-assigned identity, and the one real secret (the link-signing key) stays in Key Vault.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainerName string
param applicationInsightsConnectionString string
param communicationEndpoint string
param keyVaultUri string

@description('Memory of each instance in MB (Flex Consumption offers 512, 2048 and 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Upper bound on instances the plan scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('NCRONTAB schedule of the nightly plan, in UTC.')
param planSchedule string
@description('NCRONTAB schedule of the escalation run (督办: overdue problems and visits).')
param escalationSchedule string
@description('NCRONTAB schedules (UTC) of the SMS reminders: evening digest, morning reminder, overdue.')
param eveningDigestSchedule string
param drainSchedule string
param outboxCleanupSchedule string
param morningReminderSchedule string
param overdueSchedule string
@description('NCRONTAB schedule (UTC) of ReportPoisonMessages: an error logged for each poisoned queue message.')
param poisonCheckSchedule string
@description('Queue of SMS replies that ReceiveSms reads (filled by Event Grid, sms-inbound.bicep).')
param smsInboundQueueName string
@description('Blob container of SMS template overrides, read with the identity (Storage Blob Data Owner).')
param smsTemplatesContainerName string
param horizonDays int
param frozenDays int
param historyDays int
@description('E.164 sender number bought on the Communication Services resource; empty until bought.')
param smsFrom string
@description('SMS gateway: acs or tencent.')
param smsProvider string
@description('Tencent Cloud SMS settings (smsProvider tencent); the SecretKey is the Key Vault secret named here.')
param tencentRegion string
param tencentKeyId string
param tencentSdkAppId string
param tencentSignName string
param tencentSecretKeySecretName string
@description('Blob of the template container holding the approved templates file (smsProvider tencent).')
param tencentTemplatesBlob string
@description('Name of the Key Vault secret holding the link-signing key.')
param linkSigningKeySecretName string
@description('Host name the links in SMS use (a custom domain bound to the app); empty: the app\'s own default host name.')
param linkHost string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd deploys the `api` service of azure.yaml to the resource carrying this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (there is no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION: the runtime is
// functionAppConfig.runtime above, so neither is set here.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    // Identity-based host storage: no AzureWebJobsStorage connection string exists.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__blobServiceUri: blobEndpoint
    AzureWebJobsStorage__queueServiceUri: queueEndpoint
    AzureWebJobsStorage__tableServiceUri: tableEndpoint
    // The Outreach tables (src/Outreach.Adapters) use DefaultAzureCredential when no connection string is set;
    // AZURE_CLIENT_ID makes it pick the user-assigned identity.
    Storage__TableServiceUri: tableEndpoint
    Storage__BlobServiceUri: blobEndpoint
    AZURE_CLIENT_ID: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    PlanSchedule: planSchedule
    EscalationSchedule: escalationSchedule
    EveningDigestSchedule: eveningDigestSchedule
    DrainSchedule: drainSchedule
    OutboxCleanupSchedule: outboxCleanupSchedule
    MorningReminderSchedule: morningReminderSchedule
    OverdueSchedule: overdueSchedule
    PoisonCheckSchedule: poisonCheckSchedule
    SmsInboundQueue: smsInboundQueueName
    PlanningOptions__HorizonDays: string(horizonDays)
    PlanningOptions__FrozenDays: string(frozenDays)
    PlanningOptions__HistoryDays: string(historyDays)
    // The cloud deployed to (AzureCloud or AzureChinaCloud): the app derives endpoints and token audiences from it.
    Azure__Cloud: environment().name
    Sms__Provider: smsProvider
    // ACS with Entra ID (the identity holds a role on the resource, rbac.bicep): endpoint and sender only.
    Sms__Endpoint: communicationEndpoint
    Sms__From: smsFrom
    Sms__TemplatesContainer: smsTemplatesContainerName
    // Tencent: the key's secret half only as a Key Vault reference, and only once its SecretId is given (the two go
    // together; with neither, messages wait in the outbox). The approved templates are a blob of the template container.
    Sms__Tencent__Region: tencentRegion
    Sms__Tencent__SecretId: useTencent ? tencentKeyId : ''
    Sms__Tencent__SecretKey: useTencent && !empty(tencentKeyId) ? '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${tencentSecretKeySecretName}/)' : ''
    Sms__Tencent__SdkAppId: useTencent ? tencentSdkAppId : ''
    Sms__Tencent__SignName: useTencent ? tencentSignName : ''
    Sms__Tencent__Templates: useTencent ? tencentTemplatesBlob : ''
    // Resolved by the platform at start; until the secret exists the app sees the reference text itself.
    Links__SigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${linkSigningKeySecretName}/)'
    // Every SMS link opens a page of this app (route v/{token}, host.json routePrefix ""). A separate config
    // resource, so the app's own host name can be read here.
    ReminderOptions__LinkBaseUrl: linkBaseUrl
  }
}

var useTencent = smsProvider == 'tencent'
var linkBaseUrl = 'https://${empty(linkHost) ? app.properties.defaultHostName : linkHost}/v/'


output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
output linkBaseUrl string = linkBaseUrl
