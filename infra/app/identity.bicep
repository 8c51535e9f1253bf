// The one identity the function app runs as: storage, Key Vault, Application Insights and Communication
// Services all authorise it through RBAC (rbac.bicep), so no key or connection secret exists anywhere.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
