using DiffusionBot.Core.Ports;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Randomness;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Bot.Generation;

/// <summary>Generator:NoiseSource as the name new jobs record.</summary>
internal sealed class ConfiguredNoiseSource(IOptions<GeneratorOptions> generator) : IDefaultNoiseSource
{
    public string Name => NoiseSources.ToName(generator.Value.NoiseSource);
}
