using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Tests.TestSupport;

namespace DiffusionBot.Diffusion.Tests.Lora;

public sealed class LoraSessionCacheTests
{
    private static LoraSessionCache Cache(int capacity) => new(
        [new LoraComponentModel(LoraComponent.TextEncoder, TinySd.Model("sd15", "text_encoder")), new LoraComponentModel(LoraComponent.Unet, TinySd.Model("sd15", "unet"))],
        new OnnxSessionFactory(new GeneratorOptions { IntraOpThreads = 1 }), capacity);

    private static FileInfo Kohya => new(TinySd.Lora("style-kohya.safetensors"));

    [Fact]
    public void Acquire_SameSetTwice_ReturnsTheCachedSessions()
    {
        using var cache = Cache(2);

        using var first = cache.Acquire([(Kohya, 1.0)], TestContext.Current.CancellationToken);
        using var second = cache.Acquire([(Kohya, 1.0)], TestContext.Current.CancellationToken);

        Assert.Same(first.Set, second.Set);
        Assert.NotNull(first.Set.Unet);
        Assert.True(first.Set.Models.ContainsKey(LoraComponent.TextEncoder));
        Assert.All(first.Set.Reports, r => Assert.Equal(0, r.Unmatched));
    }

    [Fact]
    public void Acquire_BeyondCapacity_DisposesTheLeastRecentlyUsedOnceReleased()
    {
        using var cache = Cache(1);
        var ct = TestContext.Current.CancellationToken;

        var held = cache.Acquire([(Kohya, 1.0)], ct);
        using (cache.Acquire([(Kohya, 0.5)], ct))
        {
            Assert.Equal(1, cache.Count);
            Assert.False(held.Set.IsDisposed);
        }

        held.Dispose();
        Assert.True(held.Set.IsDisposed);
    }
}
