using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Tests.Support;

namespace DiffusionBot.Diffusion.Tests.Families;

/// <summary>The same SD 2.x export read as v-prediction (its own config) and as epsilon (a copy whose scheduler
/// config says so): every scheduler must give a different image, so each honours the model's prediction type.</summary>
public sealed class VPredictionTests(TinySdModels models, VPredictionTests.EpsilonCopy epsilon) : IClassFixture<VPredictionTests.EpsilonCopy>
{
    public static TheoryData<string> Schedulers => [.. SchedulerNames.CanonicalNames];

    [Theory]
    [MemberData(nameof(Schedulers))]
    public async Task GenerateAsync_VPredictionModel_EverySchedulerUsesThePredictionType(string scheduler)
    {
        var request = new GenerationRequest("a mountain lake", Seed: 5, Width: 64, Height: 64, Steps: 3, Guidance: 4, Scheduler: scheduler);

        var asV = await models.Engine("sd21-v").GenerateAsync(request, null, TestContext.Current.CancellationToken);
        var asEpsilon = await epsilon.Engine.Value.GenerateAsync(request, null, TestContext.Current.CancellationToken);

        Assert.NotEqual(asV.Images[0].Png, asEpsilon.Images[0].Png);
    }

    /// <summary>sd21-v with prediction_type epsilon.</summary>
    public sealed class EpsilonCopy : IDisposable
    {
        public EpsilonCopy()
        {
            Engine = new Lazy<DiffusionEngine>(() =>
            {
                var copy = TinySdModels.LinkedCopy("sd21-v");
                var config = Path.Combine(copy, "scheduler", "scheduler_config.json");
                var text = File.ReadAllText(config).Replace("\"v_prediction\"", "\"epsilon\"", StringComparison.Ordinal);
                File.Delete(config);
                File.WriteAllText(config, text);
                return TinySdModels.CreateEngine(copy);
            });
        }

        public Lazy<DiffusionEngine> Engine { get; }

        public void Dispose()
        {
            if (Engine.IsValueCreated)
                Engine.Value.Dispose();
        }
    }
}
