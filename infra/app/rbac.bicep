// Role assignments for the app's user-assigned identity, each on the narrowest scope that works, plus optional
// ones for the person running `azd up` (the link-signing secret) and for the coordinator (the CLI's roster import).
// Role ids are Azure built-in role definitions (same GUID in every tenant), checked against
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles.
param principalId string
param storageAccountName string
param keyVaultName string
param applicationInsightsName string
@description('The Communication Services resource the app sends through; empty with another SMS provider.')
param communicationServicesName string
@description('Object id of the deploying user; empty skips their Key Vault role.')
param deployerPrincipalId string = ''
@description('Object id of the coordinator who runs the CLI against the account; empty skips their storage roles.')
param coordinatorPrincipalId string = ''
@allowed(['User', 'Group'])
param coordinatorPrincipalType string = 'User'
param smsTemplatesContainerName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource smsTemplates 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: smsTemplatesContainerName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' existing = if (!empty(communicationServicesName)) {
  name: communicationServicesName
}

// Storage Blob Data Owner (b7e6dc6d-f1e8-4753-8033-0f276bb0955b): the host's blob leases and the
// Flex Consumption deployment package.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Queue Data Contributor (974c5e8b-45b9-4653-ba55-5f855dd0fb88): the plan-units queue (trigger,
// output binding and its poison queue).
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Table Data Contributor (0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3): the Outreach tables (rosters,
// visits), which the app also creates on first use.
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault Secrets User (4633458b-17de-408a-b874-0445c86b69e6): read secret values, for the
// Links__SigningKey Key Vault reference. Read-only; it cannot list keys or change secrets.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Monitoring Metrics Publisher (3913510d-42f4-4e42-8a64-420c390055eb): despite the name, this is the role
// Application Insights requires for Entra-authenticated ingestion of all telemetry (local auth is off).
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Contributor (b24988ac-6180-42a0-ab88-20f7382dd24c), scoped to the Communication Services resource only.
// Microsoft's Entra ID quickstart for the SMS SDK grants Contributor, and the built-in role list has no
// narrower Communication Services data-plane role (no "SMS Sender"). Third-party templates use
// "Communication and Email Service Owner" (09976791-48a7-449e-bb21-39d1a415f350); it is not in the
// built-in role list we checked and is no narrower at this scope. Replace this when Microsoft ships one.
resource communicationContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(communicationServicesName)) {
  name: guid(communication.id, principalId, 'b24988ac-6180-42a0-ab88-20f7382dd24c')
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault Secrets Officer (b86a8fe4-44ce-4948-aee5-eccb2c155cd7) for the deploying user, so that
// `az keyvault secret set` works right after `azd up` (RBAC-mode vaults grant nobody data access by default).
resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
    principalId: deployerPrincipalId
    principalType: 'User'
  }
}

// Storage Blob Data Contributor (ba92f5b4-2d11-453d-a403-e96b0029c9fe) for the deploying user, on the template
// container only: template overrides and, with Tencent, the approved templates file are uploaded there
// (docs/deploy.md), and the app checks them at start.
resource deployerTemplatesContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(smsTemplates.id, deployerPrincipalId, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: smsTemplates
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
    principalId: deployerPrincipalId
    principalType: 'User'
  }
}

// Storage Table Data Contributor (0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3) for the coordinator: the CLI reaches the
// tables with `--storage <the table endpoint>` after `az login`, since shared keys are off.
resource coordinatorTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(coordinatorPrincipalId)) {
  name: guid(storage.id, coordinatorPrincipalId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: coordinatorPrincipalId
    principalType: coordinatorPrincipalType
  }
}

// Storage Queue Data Contributor (974c5e8b-45b9-4653-ba55-5f855dd0fb88) for the coordinator: the CLI's poison command
// reads plan-units-poison and sms-inbound-poison and re-drives their messages to plan-units and sms-inbound. On the
// account, since the host creates the poison queues when it first needs them, so there is no queue to scope it to.
resource coordinatorQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(coordinatorPrincipalId)) {
  name: guid(storage.id, coordinatorPrincipalId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: coordinatorPrincipalId
    principalType: coordinatorPrincipalType
  }
}

// Storage Blob Data Reader (2a2b9908-6ea1-4ae2-8e65-a410df84e7d1) for the coordinator, on the template container
// only: previews and notices written by the CLI use the deployment's overrides (Sms__TemplatesContainer).
resource coordinatorTemplatesReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(coordinatorPrincipalId)) {
  name: guid(smsTemplates.id, coordinatorPrincipalId, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  scope: smsTemplates
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: coordinatorPrincipalId
    principalType: coordinatorPrincipalType
  }
}
