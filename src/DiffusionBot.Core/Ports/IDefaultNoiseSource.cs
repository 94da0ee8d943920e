namespace DiffusionBot.Core.Ports;

/// <summary>The noise source new jobs are made with (the generator's Generator:NoiseSource). Stored jobs keep theirs.</summary>
public interface IDefaultNoiseSource
{
    /// <summary><c>cpu</c>, <c>nv</c> or <c>xoshiro</c>.</summary>
    string Name { get; }
}
