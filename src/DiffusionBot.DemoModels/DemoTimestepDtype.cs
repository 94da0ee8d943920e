namespace DiffusionBot.DemoModels;

/// <summary>Element type of the UNet's <c>timestep</c> input; real exports use each of these.</summary>
public enum DemoTimestepDtype
{
    Float32,
    Int64,
    Float16,
}
