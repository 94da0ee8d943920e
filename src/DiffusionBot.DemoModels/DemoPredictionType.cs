namespace DiffusionBot.DemoModels;

/// <summary>What the UNet predicts (diffusers' <c>prediction_type</c>).</summary>
public enum DemoPredictionType
{
    Epsilon,
    VPrediction,
}
