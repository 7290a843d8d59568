using MqttCam.Bridge.Tests.Support;

[assembly: AssemblyFixture(typeof(BrokerFixture))]
