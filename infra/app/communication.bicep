// Azure Communication Services for the visit reminders. The resource is global; dataLocation decides where
// message data rests. The sender number is bought by hand afterwards (README, "Deploy to Azure").
param name string
param tags object
param dataLocation string

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

output name string = communication.name
output endpoint string = 'https://${communication.properties.hostName}'
