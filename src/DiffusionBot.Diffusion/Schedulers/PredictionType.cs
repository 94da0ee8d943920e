namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>What the denoising model predicts (diffusers' <c>prediction_type</c>).</summary>
public enum PredictionType
{
    /// <summary><c>epsilon</c>: the added noise (Stable Diffusion 1.x).</summary>
    Epsilon,

    /// <summary><c>v_prediction</c>: the velocity sqrt(a)·noise − sqrt(1−a)·x0 (SD 2.x 768).</summary>
    VPrediction,

    /// <summary><c>sample</c>: the denoised sample x0 directly.</summary>
    Sample,
}
