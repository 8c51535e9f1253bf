// Outreach on Azure: `azd up` provisions this, then deploys src/Outreach.Functions (azure.yaml, service `api`).
// Flex Consumption + Table Storage, one user-assigned identity, RBAC everywhere, no keys or secrets in the
// template. Parameters come from main.parameters.json (azd environment variables); docs/deploy.md.
// The cloud is the one deployed to (environment()): endpoints come from the resources, never from a literal
// suffix, so the same template serves global Azure and Azure operated in China.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Region of every regional resource. It must offer Flex Consumption, e.g. eastasia or southeastasia.')
param location string

@description('Resource group to create or reuse; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of the user running azd (AZURE_PRINCIPAL_ID); granted Key Vault Secrets Officer. Empty skips it.')
param principalId string = ''

@description('Object id of the coordinator (a user or a group) who imports rosters with the CLI (COORDINATOR_PRINCIPAL_ID); granted Storage Table Data Contributor and Storage Blob Data Reader on the templates container. Empty skips it.')
param coordinatorPrincipalId string = ''

@description('Whether coordinatorPrincipalId is a user or a group.')
@allowed(['User', 'Group'])
param coordinatorPrincipalType string = 'User'

@description('Memory of each Flex Consumption instance in MB.')
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@description('Maximum Flex Consumption instances (40 is the smallest limit the plan accepts).')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Where Communication Services keeps message data at rest, e.g. "Asia Pacific", "Europe", "United States" (China is not offered).')
param communicationDataLocation string = 'Asia Pacific'

@description('NCRONTAB schedule (UTC) of the nightly plan; the default is 01:00 China time.')
param planSchedule string = '0 0 17 * * *'

@description('NCRONTAB schedule of the escalation run: overdue problems escalated, visits without an outcome marked overdue.')
param escalationSchedule string = '0 0 * * * *'

@description('NCRONTAB schedule (UTC) of the evening SMS digest; the default is 18:00 China time.')
param eveningDigestSchedule string = '0 0 10 * * *'
@description('NCRONTAB (UTC) of the outbox drain: every minute, 08:00 to 21:59 China time (a drain that died after sending is then retried while the gateway still remembers the request).')
param drainSchedule string = '0 * 0-13 * * *'
@description('NCRONTAB (UTC) of the daily outbox cleanup (final rows past ReminderOptions__RetentionDays); the default is 02:30 China time.')
param outboxCleanupSchedule string = '0 30 18 * * *'

@description('NCRONTAB schedule (UTC) of the morning-of SMS reminder (to visitors whose day has a visit whose policy asks for one, or everyone with ReminderOptions__MorningReminder); the default is 07:30 China time.')
param morningReminderSchedule string = '0 30 23 * * *'

@description('NCRONTAB schedule (UTC) of the overdue SMS nudges and supervisor digests; the default is 09:00 China time.')
param overdueSchedule string = '0 0 1 * * *'

@description('NCRONTAB schedule (UTC) of the poison check: an error logged for each message in plan-units-poison or sms-inbound-poison; hourly by default.')
param poisonCheckSchedule string = '0 15 * * * *'

@description('Storage queue that receives SMS replies (退订/TD/STOP) from Event Grid; app setting SmsInboundQueue.')
param smsInboundQueueName string = 'sms-inbound'

@description('Blob container of SMS template overrides, created empty; app setting Sms__TemplatesContainer.')
param smsTemplatesContainerName string = 'sms-templates'

@description('Days planned ahead, today included.')
param planningHorizonDays int = 28

@description('Days ahead in which a repair keeps the visit day.')
param planningFrozenDays int = 7

@description('Days of visit history read for cadence and rotation.')
param planningHistoryDays int = 400

@description('SMS gateway: acs (Azure Communication Services, with its SMS replies through Event Grid) or tencent (Tencent Cloud SMS, the one that reaches mainland Chinese phones, and the only one in Azure operated in China, which has no Communication Services).')
@allowed(['acs', 'tencent'])
param smsProvider string = 'acs'

@description('Tencent Cloud SMS: the API region (ap-guangzhou, ap-beijing or ap-nanjing).')
param tencentRegion string = 'ap-guangzhou'

@description('Tencent Cloud SMS: the SecretId of the API key, an identifier and not a secret (the SecretKey goes into Key Vault). Empty: nothing is sent, messages wait in the outbox.')
param tencentKeyId string = ''

@description('Tencent Cloud SMS: the SdkAppId of the SMS application (digits).')
param tencentSdkAppId string = ''

@description('Tencent Cloud SMS: the approved signature (签名), without 【】.')
param tencentSignName string = ''

@description('Name of the Key Vault secret that holds the Tencent SecretKey (set after deployment, never here).')
param tencentSecretKeySecretName string = 'tencent-sms-secret-key'

@description('Blob in the template container holding the approved templates file (kind,template_id,params,text; samples/sms-templates.csv), uploaded before the app starts with smsProvider tencent.')
param tencentTemplatesBlob string = 'sms-templates.csv'

@description('E.164 sender number bought on the Communication Services resource; empty until one is bought.')
param smsFrom string = ''

@description('Name of the Key Vault secret that holds the link-signing key (set after deployment, never here).')
param linkSigningKeySecretName string = 'links-signing-key'

@description('Custom domain for the links in SMS (e.g. outreach.example.cn, bound to the app separately); empty: the app\'s default host name.')
param linkHost string = ''

var abbrs = loadJsonContent('abbreviations.json')
var useAcs = smsProvider == 'acs'
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
// One container per app, named after it, as the Flex Consumption samples do.
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    smsInboundQueueName: smsInboundQueueName
    smsTemplatesContainerName: smsTemplatesContainerName
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module communication 'app/communication.bicep' = if (useAcs) {
  name: 'communication'
  scope: rg
  params: {
    name: '${abbrs.communicationServices}${resourceToken}'
    tags: tags
    dataLocation: communicationDataLocation
  }
}

module smsInbound 'app/sms-inbound.bicep' = if (useAcs) {
  name: 'sms-inbound'
  scope: rg
  params: {
    name: '${abbrs.eventGridSystemTopics}sms-${resourceToken}'
    tags: tags
    communicationServicesName: useAcs ? communication!.outputs.name : ''
    storageAccountName: storage.outputs.name
    queueName: smsInboundQueueName
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationServicesName: useAcs ? communication!.outputs.name : ''
    deployerPrincipalId: principalId
    coordinatorPrincipalId: coordinatorPrincipalId
    coordinatorPrincipalType: coordinatorPrincipalType
    smsTemplatesContainerName: smsTemplatesContainerName
  }
}

module function 'app/function.bicep' = {
  name: 'function'
  scope: rg
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    appName: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    communicationEndpoint: useAcs ? communication!.outputs.endpoint : ''
    keyVaultUri: keyVault.outputs.uri
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    planSchedule: planSchedule
    escalationSchedule: escalationSchedule
    eveningDigestSchedule: eveningDigestSchedule
    drainSchedule: drainSchedule
    outboxCleanupSchedule: outboxCleanupSchedule
    morningReminderSchedule: morningReminderSchedule
    overdueSchedule: overdueSchedule
    poisonCheckSchedule: poisonCheckSchedule
    smsInboundQueueName: smsInboundQueueName
    smsTemplatesContainerName: smsTemplatesContainerName
    horizonDays: planningHorizonDays
    frozenDays: planningFrozenDays
    historyDays: planningHistoryDays
    smsFrom: smsFrom
    smsProvider: smsProvider
    tencentRegion: tencentRegion
    tencentKeyId: tencentKeyId
    tencentSdkAppId: tencentSdkAppId
    tencentSignName: tencentSignName
    tencentSecretKeySecretName: tencentSecretKeySecretName
    tencentTemplatesBlob: tencentTemplatesBlob
    linkSigningKeySecretName: linkSigningKeySecretName
    linkHost: linkHost
  }
  // The host starts as soon as the app exists; without its roles it fails to reach storage until they land.
  dependsOn: [rbac]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output SERVICE_API_NAME string = function.outputs.name
output SERVICE_API_URI string = function.outputs.uri
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output LINKS_SIGNING_KEY_SECRET_NAME string = linkSigningKeySecretName
output LINK_BASE_URL string = function.outputs.linkBaseUrl
output AZURE_COMMUNICATION_SERVICES_NAME string = useAcs ? communication!.outputs.name : ''
output SMS_ENDPOINT string = useAcs ? communication!.outputs.endpoint : ''
output SMS_PROVIDER string = smsProvider
output TENCENT_SECRET_KEY_SECRET_NAME string = tencentSecretKeySecretName
output SMS_TEMPLATES_CONTAINER string = smsTemplatesContainerName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
