using BenchmarkDotNet.Running;

if (args is ["bot-latency", ..])
    return await DiffusionBot.Benchmarks.BotLatency.BotLatencyRun.RunAsync(Console.Out, CancellationToken.None);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
