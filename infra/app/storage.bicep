// The app's only storage account: the Functions host (blobs, queues, timer leases), the deployment package
// and the Outreach tables. Shared keys are off, so every caller signs in with Entra ID.
param name string
param location string
param tags object
param deploymentContainerName string
@description('Blob container whose {name}.{culture}.scriban blobs override the built-in SMS templates (Sms__TemplatesContainer).')
param smsTemplatesContainerName string
@description('Queue that Event Grid fills with SMS replies (sms-inbound.bicep) and ReceiveSms reads.')
param smsInboundQueueName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Flex Consumption deploys from a package in this container (functionAppConfig.deployment in function.bicep).
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Empty at first: a blob named like a built-in template (evening-digest.zh-CN.scriban) replaces it, no rebuild needed.
resource smsTemplatesContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: smsTemplatesContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// Event Grid does not create its destination queue.
resource smsInboundQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: smsInboundQueueName
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
