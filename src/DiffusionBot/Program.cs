using DiffusionBot.Cli;

using var cancellation = ConsoleCancellation.Create();
return await CliApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
