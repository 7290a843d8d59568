using MqttCam.Device.Hosting;

return await DeviceProgram.RunAsync(args);
