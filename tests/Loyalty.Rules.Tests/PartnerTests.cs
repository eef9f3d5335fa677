using System.Linq;
using Loyalty.Rules.Testing;
using NodaTime;
using Xunit;

namespace Loyalty.Rules.Tests;

public class PartnerTests
{
    private static readonly LoyaltyProgram Coalition = new LoyaltyProgramBuilder("coalition", "USD", DateTimeZone.Utc)
        .AddGroup("rates", Composition.FirstMatch, g => g
            .AddPolicy(new EarnRate { Id = "fuel-partner", PointsPerUnit = 3m, Priority = 1, FundedBy = "FUEL-CO", When = new Condition { Partners = ["FUEL-CO"] } })
            .AddEarnRate("base", 1m))
        .AddPolicy(new TransactionCap { Id = "fuel-cap", MaxPoints = new Points(300), FundedBy = "FUEL-CO", When = new Condition { Partners = ["FUEL-CO"] } })
        .Build();

    [Fact]
    public void PartnerPurchases_EarnAtThePartnersRateAndCap_AndEveryItemSaysWhoFundsIt()
    {
        var atPartner = new TransactionBuilder("T-1").AtStore("S-9", "FUEL-CO").Line("FUEL", "fuel", 1m, 150.00m).Build();
        var atBrand = new TransactionBuilder("T-2").Line("LATTE", "coffee", 1m, 150.00m).Build();

        var partner = Coalition.Evaluator.Evaluate(atPartner, new MemberBuilder().Build());
        var brand = Coalition.Evaluator.Evaluate(atBrand, new MemberBuilder().Build());

        Assert.Equal(300, partner.Total.Value); // 450 at 3 per 1.00, capped at 300
        Assert.Equal(["FUEL-CO", "FUEL-CO"], partner.Items.Select(i => i.FundedBy));
        Assert.Equal(["fuel-partner", "fuel-cap"], partner.Items.Select(i => i.RuleId));
        Assert.Contains("[funded by FUEL-CO]", partner.ToString(), System.StringComparison.Ordinal);
        Assert.Equal(150, brand.Total.Value);
        Assert.All(brand.Items, i => Assert.Null(i.FundedBy));
    }

    [Fact]
    public void Funding_IsPartOfTheDefinition()
    {
        var json = Coalition.ToJson();

        Assert.Contains("\"fundedBy\": \"FUEL-CO\"", json, System.StringComparison.Ordinal);
        Assert.Equal(json, LoyaltyProgram.FromJson(json).ToJson());
    }
}
