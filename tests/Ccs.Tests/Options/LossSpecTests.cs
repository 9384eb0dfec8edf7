using Ccs.Options;

namespace Ccs.Tests.Options;

public class LossSpecTests
{
    [Theory]
    [InlineData("ccs", "ccs", 1.0)]
    [InlineData("1*ccs", "ccs", 1.0)]
    [InlineData("0.5*js", "js", 0.5)]
    [InlineData("1.*js", "js", 1.0)]
    [InlineData("10*ccs", "ccs", 10.0)]
    [InlineData("007*ccs", "ccs", 7.0)]
    public void Accepted_terms(string term, string name, double coefficient) =>
        Assert.Equal(new LossTerm(name, coefficient), Assert.Single(LossSpec.Parse([term])));

    [Theory]
    [InlineData(".5*ccs")]
    [InlineData("1e-3*ccs")]
    [InlineData("-1*ccs")]
    [InlineData("+1*ccs")]
    [InlineData("1 * ccs")]
    [InlineData("ccs*2")]
    [InlineData("1,5*ccs")]
    [InlineData("1.5.2*ccs")]
    public void Rejected_terms(string term)
    {
        var error = Assert.Throws<UsageException>(() => LossSpec.Parse([term]));
        Assert.Equal($"Invalid loss term: {term}. Loss terms should be of the form 'coef*name' or 'name'.", error.Message);
    }

    [Fact]
    public void Normalised_form_is_the_python_float_repr()
    {
        Assert.Equal(["1.0*ccs"], LossSpec.Default.Select(t => t.ToString()));
        Assert.Equal(["0.5*ccs", "1.0*js"], LossSpec.Parse(["0.5*ccs", "js"]).Select(t => t.ToString()));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(10.0, "10.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(0.0, "0.0")]
    [InlineData(-2.25, "-2.25")]
    public void Python_float_repr(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));
}
