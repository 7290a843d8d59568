using MqttCam.Bridge;

await BridgeApp.Build(args).RunAsync().ConfigureAwait(false);
