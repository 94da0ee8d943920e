"""Expected values for the scheduler parity tests, from a numpy re-implementation of diffusers' formulas.

Re-implements, from huggingface/diffusers (src/diffusers/schedulers, pipelines/latent_consistency_models):
  * DDIMScheduler.step with eta > 0 and an explicit `variance_noise` (the diffusers argument that replaces the
    generator draw), over the test loop of tests/schedulers/test_scheduler_ddim.py;
  * LCMScheduler.set_timesteps(num_inference_steps, strength=...) as LatentConsistencyModelImg2ImgPipeline calls it;
  * DPMSolverMultistepScheduler.set_timesteps with use_karras_sigmas on a squaredcos_cap_v2 schedule (no rounding;
    the int64 timestep tensor truncates).
Tensors are float32 where diffusers/torch keep them float32 (betas, alphas_cumprod, sigmas, the step arithmetic).
torch's CPU cumprod accumulates float32 products in double, which the float64 cumprod below reproduces.
Checked once against torch 1.13 (not needed to run this): the cosine alphas_cumprod are bit-identical; torch's
vectorised linspace differs from the scalar formula below by one float32 ulp in some linear betas, and the DDIM
sums/means agree with a torch float32 run of the same loop to within 5e-5 (the tests allow 1e-2 / 1e-3).

Usage (writes the C# theory data):
    python3 diffusers_parity.py > ../DiffusersParityCases.g.cs
"""
import math
import numpy as np

F = np.float32


def torch_linspace(start, end, n):
    """torch.linspace(start, end, n, dtype=torch.float32) on CPU: a float32 step, the first half counted up from
    start, the second half down from end."""
    start, end = F(start), F(end)
    step = (end - start) / F(n - 1)
    i = np.arange(n)
    up = start + step * i.astype(F)
    down = end - step * (n - i - 1).astype(F)
    return np.where(i < n // 2, up, down).astype(F)


def betas_for(config):
    n = config["num_train_timesteps"]
    schedule = config["beta_schedule"]
    if schedule == "linear":
        return torch_linspace(config["beta_start"], config["beta_end"], n)
    if schedule == "scaled_linear":
        return torch_linspace(config["beta_start"] ** 0.5, config["beta_end"] ** 0.5, n) ** 2
    if schedule == "squaredcos_cap_v2":
        def alpha_bar(t):
            return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        return np.array([min(1 - alpha_bar((i + 1) / n) / alpha_bar(i / n), 0.999) for i in range(n)], dtype=F)
    raise ValueError(schedule)


def alphas_cumprod_for(config):
    alphas = (F(1.0) - betas_for(config)).astype(F)
    return np.cumprod(alphas.astype(np.float64)).astype(F)


def dummy(flip):
    b, c, h, w = 4, 3, 8, 8
    n = b * c * h * w
    values = np.arange(n)
    if flip:
        values = values[::-1]
    return (values.reshape(c, h, w, b) / n).astype(F).transpose(3, 0, 1, 2).copy()


# ---------------------------------------------------------------- DDIM with eta
def ddim_timesteps(config, steps):
    assert config["timestep_spacing"] == "leading"
    ratio = config["num_train_timesteps"] // steps
    return (np.arange(0, steps) * ratio).round()[::-1].astype(np.int64) + config["steps_offset"]


def ddim_loop(config, steps, eta):
    ac = alphas_cumprod_for(config)
    final = F(1.0) if config["set_alpha_to_one"] else ac[0]
    sample = dummy(False)
    variance_noise = dummy(True)
    for t in ddim_timesteps(config, steps):
        residual = (sample * F(t) / F(t + 1)).astype(F)
        prev_t = t - config["num_train_timesteps"] // steps
        a_t = ac[t]
        a_prev = ac[prev_t] if prev_t >= 0 else final
        b_t = F(1) - a_t
        if config["prediction_type"] == "epsilon":
            x0 = (sample - b_t ** F(0.5) * residual) / a_t ** F(0.5)
            eps = residual
        else:  # v_prediction
            x0 = a_t ** F(0.5) * sample - b_t ** F(0.5) * residual
            eps = a_t ** F(0.5) * residual + b_t ** F(0.5) * sample
        if config["clip_sample"]:
            x0 = np.clip(x0, -1, 1)
        variance = ((F(1) - a_prev) / (F(1) - a_t)) * (F(1) - a_t / a_prev)
        std = F(eta) * variance ** F(0.5)
        direction = (F(1) - a_prev - std ** 2) ** F(0.5) * eps
        sample = (a_prev ** F(0.5) * x0 + direction).astype(F)
        if eta > 0:
            sample = (sample + std * variance_noise).astype(F)
    return float(np.abs(sample.astype(np.float64)).sum()), float(np.abs(sample.astype(np.float64)).mean())


# ---------------------------------------------------------------- LCM img2img timesteps
def lcm_timesteps(steps, strength, original=50, train=1000):
    k = train // original
    origin = np.asarray(list(range(1, int(original * strength) + 1))) * k - 1
    if len(origin) // steps < 1:
        raise ValueError("too few timesteps")
    origin = origin[::-1].copy()
    indices = np.floor(np.linspace(0, len(origin), num=steps, endpoint=False)).astype(np.int64)
    return origin[indices]


# ---------------------------------------------------------------- DPM-Solver++ Karras timesteps
def sigma_to_t(sigma, log_sigmas):
    # diffusers passes one float64 numpy scalar at a time. Under NumPy 2 (NEP 50) it keeps log_sigma, dists and
    # low - log_sigma in float64 (only low - high stays float32); NumPy 1.x's value-based casting would demote them
    # to float32. A one-element float64 array gets NumPy 2's promotion under either version.
    sigma = np.asarray([sigma], dtype=np.float64)
    log_sigma = np.log(np.maximum(sigma, 1e-10))
    dists = log_sigma - log_sigmas[:, np.newaxis]
    low_idx = np.cumsum((dists >= 0), axis=0).argmax(axis=0).clip(max=log_sigmas.shape[0] - 2)
    high_idx = low_idx + 1
    low = log_sigmas[low_idx]
    high = log_sigmas[high_idx]
    w = np.clip((low - log_sigma) / (low - high), 0, 1)
    return ((1 - w) * low_idx + w * high_idx)[0]


def dpm_karras(config, steps):
    ac = alphas_cumprod_for(config)
    sigmas = np.array(((F(1) - ac) / ac) ** F(0.5))
    log_sigmas = np.log(sigmas)
    flipped = np.flip(sigmas).copy()
    sigma_min, sigma_max = flipped[-1].item(), flipped[0].item()
    rho = 7.0
    ramp = np.linspace(0, 1, steps)
    karras = (sigma_max ** (1 / rho) + ramp * (sigma_min ** (1 / rho) - sigma_max ** (1 / rho))) ** rho
    timesteps = np.array([sigma_to_t(s, log_sigmas) for s in karras])
    if config["beta_schedule"] != "squaredcos_cap_v2":
        timesteps = timesteps.round()
    return timesteps.astype(np.int64), karras.astype(F)


DDIM_TEST = dict(num_train_timesteps=1000, beta_start=0.0001, beta_end=0.02, beta_schedule="linear",
                 clip_sample=True, set_alpha_to_one=True, steps_offset=0, timestep_spacing="leading",
                 prediction_type="epsilon")
SD15 = dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
            clip_sample=False, set_alpha_to_one=False, steps_offset=1, timestep_spacing="leading",
            prediction_type="epsilon")
COSINE = dict(num_train_timesteps=1000, beta_schedule="squaredcos_cap_v2")


def floats(values):
    return ", ".join(f"{v}f" for v in values)


def main():
    # The re-implementation reproduces diffusers' own eta = 0 expectation (test_full_loop_no_noise: 172.0067, 0.223967).
    check_sum, check_mean = ddim_loop(DDIM_TEST, 10, 0.0)
    assert abs(check_sum - 172.0067) < 1e-2 and abs(check_mean - 0.223967) < 1e-3, (check_sum, check_mean)
    assert list(lcm_timesteps(4, 1.0)) == [999, 759, 499, 259]

    out = []
    out.append("// <auto-generated> by Schedulers/reference/diffusers_parity.py (numpy re-implementation of diffusers' formulas)")
    out.append("// </auto-generated>")
    out.append("namespace DiffusionBot.Diffusion.Tests.Schedulers;")
    out.append("")
    out.append("internal static class DiffusersParityCases")
    out.append("{")

    out.append("    /// <summary>DDIM full loop (10 steps) with variance_noise = dummy_noise_deter: config, prediction, eta, |sum|, |mean|.</summary>")
    out.append("    public static TheoryData<string, string, double, double, double> DdimEta => new()")
    out.append("    {")
    for name, config in (("diffusers-test", DDIM_TEST), ("sd15", SD15)):
        for prediction in ("epsilon", "v_prediction"):
            for eta in (0.5, 1.0):
                s, m = ddim_loop(dict(config, prediction_type=prediction), 10, eta)
                out.append(f"        {{ \"{name}\", \"{prediction}\", {eta}, {s:.6f}, {m:.8f} }},")
    out.append("    };")
    out.append("")

    out.append("    /// <summary>LCM set_timesteps(steps, strength) with original_inference_steps 50: steps, strength, timesteps.</summary>")
    out.append("    public static TheoryData<int, double, float[]> LcmStrength => new()")
    out.append("    {")
    for steps, strength in ((4, 0.6), (4, 0.5), (4, 0.8), (8, 0.75), (2, 0.3), (1, 0.25), (6, 0.9), (3, 0.07)):
        out.append(f"        {{ {steps}, {strength}, new float[] {{ {floats(lcm_timesteps(steps, strength))} }} }},")
    out.append("    };")
    out.append("")

    out.append("    /// <summary>DPM-Solver++ Karras timesteps on squaredcos_cap_v2 (unrounded, int64-truncated): steps, timesteps, first and last sigma.</summary>")
    out.append("    public static TheoryData<int, float[], double, double> DpmKarrasCosine => new()")
    out.append("    {")
    for steps in (10, 20, 25):
        timesteps, sigmas = dpm_karras(COSINE, steps)
        out.append(f"        {{ {steps}, new float[] {{ {floats(timesteps)} }}, {float(sigmas[0]):.6f}, {float(sigmas[-1]):.8f} }},")
    out.append("    };")
    out.append("}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
