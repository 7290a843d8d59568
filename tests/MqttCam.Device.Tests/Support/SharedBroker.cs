using MqttCam.Testing.Broker;

namespace MqttCam.Device.Tests.Support;

/// <summary>One real mosquitto shared by the device tests; each test isolates itself with its own topic prefix.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBroker : ICollectionFixture<MosquittoBrokerFixture>
{
    public const string Name = "device broker";
}
