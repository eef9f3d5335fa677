using System;
using System.Text;
using Xunit;

namespace Loyalty.Rules.Tests.Ledger;

/// <summary>The fingerprints' hash is XXH64: the published values (as System.IO.Hashing's tests have them), whole and in pieces.</summary>
public sealed class XxHash64Tests
{
    private const string ThirtyThree = "This string has 33 ASCII bytes...";
    private const string SixtyThree = "A sixty-three byte test input requires substantial forethought!";
    private const string ThirtyTwo = "This string has 32 ASCII bytes..";
    private const string Sixteen = "0123456789ABCDEF";

    [Theory]
    [InlineData("", "EF46DB3751D8E999")]
    [InlineData("abc", "44BC2CF5AD770999")]
    [InlineData("123456", "2B2DC38AAA53C322")]
    [InlineData("Nobody inspects the spammish repetition", "FBCEA83C8A378BF1")]
    [InlineData("The quick brown fox jumps over the lazy dog", "0B242D361FDA71BC")]
    [InlineData("The quick brown fox jumps over the lazy dog.", "44AD33705751AD73")]
    [InlineData("1234567890123456789012345678901234567890", "5F3AF5E23EEB431D")]
    [InlineData("12345678901234567890123456789012345678901", "45A03ED59AB5CAD6")]
    [InlineData("12345678901234567890123456789012345678901234", "CA5C1B5B9061279F")]
    [InlineData(".NET now has non-crypto hashing", "D8444D7806DFDE0E")]
    [InlineData(ThirtyThree + ThirtyThree + ThirtyThree, "488DF4E623587E10")]
    [InlineData(SixtyThree + SixtyThree + SixtyThree, "239C7B3A85BD22B3")]
    [InlineData(ThirtyTwo + ThirtyTwo + ThirtyTwo, "975E3E6FE7E67FBC")]
    [InlineData(Sixteen + Sixteen + Sixteen, "BDD40F0FAC166EAA")]
    public void TheHash_IsXxh64_WholeAndInAnyPieces(string input, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(input);
        var hash = new XxHash64();
        for (int piece = 1; piece <= Math.Max(1, bytes.Length); piece++)
        {
            hash.Reset();
            for (int at = 0; at < bytes.Length; at += piece)
            {
                hash.Append(bytes.AsSpan(at, Math.Min(piece, bytes.Length - at)));
            }

            Assert.Equal(expected, hash.Digest().ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
