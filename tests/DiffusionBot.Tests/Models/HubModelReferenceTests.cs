using DiffusionBot.Models.Hub;

namespace DiffusionBot.Tests.Models;

public sealed class HubModelReferenceTests
{
    [Theory]
    [InlineData("owner/repo", "owner/repo", "main", "")]
    [InlineData("owner/repo@v1.0", "owner/repo", "v1.0", "")]
    [InlineData("owner/repo/onnx", "owner/repo", "main", "onnx")]
    [InlineData("owner/repo@abc123/onnx/fp16", "owner/repo", "abc123", "onnx/fp16")]
    public void Parse_ValidReference_SplitsRepositoryRevisionAndSubfolder(string text, string repo, string revision, string subfolder)
    {
        var reference = HubModelReference.Parse(text);

        Assert.Equal(new HubModelReference(repo, revision, subfolder), reference);
    }

    [Theory]
    [InlineData("repo")]
    [InlineData("/repo")]
    [InlineData("owner/")]
    [InlineData("owner/repo@")]
    [InlineData("owner/repo/../x")]
    [InlineData("-owner/repo")]
    [InlineData("owner/repo?x=1")]
    public void Parse_InvalidReference_ThrowsARequestError(string text)
    {
        Assert.Throws<HubRequestException>(() => HubModelReference.Parse(text));
    }

    [Fact]
    public void ToString_WithSubfolder_IsRepoAtRevisionSlashSubfolder()
    {
        Assert.Equal("a/b@main/onnx", HubModelReference.Parse("a/b/onnx").ToString());
    }

    [Theory]
    [InlineData("onnx-community/Stable-Diffusion-v1-5-ONNX", "stable-diffusion-v1-5-onnx")]
    [InlineData("a/My Model!", "my-model")]
    public void DefaultName_RepositoryName_LowerCasedAndSanitized(string name, string expected)
    {
        var model = new HubModelReference(name.Split('/')[0] + "/x", "main", "") with { RepoId = name };

        Assert.Equal(expected, ModelPuller.DefaultName(model));
    }

    [Fact]
    public void SanitizeName_NothingUsable_ThrowsARequestError()
    {
        Assert.Throws<HubRequestException>(() => ModelPuller.SanitizeName("!!!"));
    }
}
