// Replies to our SMS (退订/TD/STOP): an Event Grid system topic on the Communication Services resource sends each
// Microsoft.Communication.SMSReceived event to a storage queue, where the ReceiveSms function reads it. Event Grid
// delivers with the system topic's own managed identity, so there is no webhook to expose, no validation handshake
// and no key: the identity may only add messages to that one queue.
param name string
param tags object
param communicationServicesName string
param storageAccountName string
param queueName string

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServicesName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource queues 'queueServices' existing = {
    name: 'default'

    resource inbound 'queues' existing = {
      name: queueName
    }
  }
}

// Communication Services is a global resource, so its system topic is too.
resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: name
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: communication.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

// Storage Queue Data Message Sender (c6a89b2d-59bc-44d0-9896-0f6e12d7b80a): add messages, nothing else; scoped to
// the sms-inbound queue rather than the account, so the topic cannot write to the host's queues.
resource queueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::queues::inbound.id, topic.id, 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
  scope: storage::queues::inbound
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a')
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource smsReceived 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'sms-received-to-queue'
  properties: {
    // One event per queue message in the Event Grid schema (base64, which the queue trigger decodes): what
    // SmsReceivedEvents in src/Outreach.Adapters reads.
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSReceived'
      ]
    }
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storage.id
          queueName: queueName
          // A reply not read within a week is stale: the queue trigger reads it within seconds when the app runs.
          queueMessageTimeToLiveInSeconds: 604800
        }
      }
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  // Event Grid checks the identity's access when the subscription is created.
  dependsOn: [queueSender]
}

output systemTopicName string = topic.name
