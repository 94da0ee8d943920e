using BenchmarkDotNet.Running;

if (args is ["families", .. var folders])
    return await DiffusionBot.Benchmarks.Families.FamilyBenchmarkRun.RunAsync(folders, Console.Out, CancellationToken.None);

if (args is ["model-switch", .. var switchFolders])
    return await DiffusionBot.Benchmarks.Families.ModelSwitchRun.RunAsync(switchFolders, Console.Out, CancellationToken.None);

if (args is ["bot-latency", ..])
    return await DiffusionBot.Benchmarks.BotLatency.BotLatencyRun.RunAsync(Console.Out, CancellationToken.None);

if (args is ["workers", ..])
    return await DiffusionBot.Benchmarks.Workers.WorkersThroughputRun.RunAsync(Console.Out, CancellationToken.None);

BenchmarkSwitcher.FromAssembly(typeof(DiffusionBot.Benchmarks.BotLatency.BotLatencyRun).Assembly).Run(args);
return 0;
