namespace Ccs.Tests.Support;

public class SharedMaterialTests
{
    [Fact]
    public void The_test_material_is_present()
    {
        Assert.True(File.Exists(SharedMaterial.Path("spec", "original-behaviour.md")));
        Assert.True(Directory.Exists(SharedMaterial.Path("models")));
    }
}
