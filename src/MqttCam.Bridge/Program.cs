using MqttCam.Bridge.Hosting;

return await BridgeProgram.RunAsync(args).ConfigureAwait(false);
