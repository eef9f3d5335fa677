using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using static Loyalty.Rules.Tests.TestData;

namespace Loyalty.Rules.Tests;

public class EarningBaseTests
{
    [Fact]
    public void OrderDiscount_IsProratedByLineAmount()
    {
        // Discount 3.00 over 10.00 and 20.00: shares 1.00 and 2.00; bases 9.00 (x1) and 18.00 (x3).
        var program = Program().AddEarnRate("base", 1m, new Dictionary<string, decimal> { ["merch"] = 3m }).Build();
        var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", [Line(10m), Line(20m, "merch")], orderDiscount: 3.00m);

        var result = program.Evaluate(purchase);
        Assert.Equal(9 + 54, result.Total.Value);
        Assert.Equal(27.00m, result.EligibleSpend.Amount);
    }

    [Fact]
    public void OrderDiscount_LeftoverCent_GoesByLargestRemainderThenSku_NotPosition()
    {
        // 1.00 over three lines of 10.00: 0.33 each and one cent left; equal remainders and amounts, so sku "A" takes it.
        var program = Program()
            .AddEarnRate(new EarnRate { Id = "base", PointsPerUnit = 0m, SkuRates = new Dictionary<string, decimal> { ["A"] = 100m } })
            .Build();
        TransactionLine A() => Line(10m, "coffee", "A");
        TransactionLine B() => Line(10m, "coffee", "B");
        TransactionLine C() => Line(10m, "coffee", "C");

        foreach (var order in new[] { new[] { A(), B(), C() }, new[] { C(), B(), A() }, new[] { B(), A(), C() } })
        {
            var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", order, orderDiscount: 1.00m);
            Assert.Equal(966, program.Points(purchase)); // line A's base: 10.00 - 0.34 = 9.66
        }
    }

    [Fact]
    public void OrderDiscount_LargestRemainder_BeatsSkuOrder()
    {
        // 0.10 over 1.00 (sku A) and 2.00 (sku B): exact shares 0.0333 and 0.0666; floors 0.03 and 0.06; B has the larger remainder.
        var program = Program()
            .AddEarnRate(new EarnRate { Id = "base", PointsPerUnit = 0m, SkuRates = new Dictionary<string, decimal> { ["B"] = 100m } })
            .Build();
        var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", [Line(1m, "x", "A"), Line(2m, "x", "B")], orderDiscount: 0.10m);
        Assert.Equal(193, program.Points(purchase)); // B: 2.00 - 0.07 = 1.93
    }

    [Fact]
    public void OrderDiscount_EqualRemainders_CentGoesToTheLargerAmount()
    {
        // 0.02 over 1.00 (sku A) and 3.00 (sku B): exact 0.005 and 0.015, floors 0.00 and 0.01, equal remainders: B takes the cent.
        var program = Program()
            .AddEarnRate(new EarnRate { Id = "base", PointsPerUnit = 0m, SkuRates = new Dictionary<string, decimal> { ["A"] = 100m } })
            .Build();
        var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", [Line(1m, "x", "A"), Line(3m, "x", "B")], orderDiscount: 0.02m);
        Assert.Equal(100, program.Points(purchase));
    }

    [Fact]
    public void TaxAndShipping_CountOnlyWhenTheProgramSaysSo()
    {
        var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", [Line(10m)], tax: 0.80m, shipping: 5.00m);
        LoyaltyProgram With(bool tax, bool shipping) => Program()
            .WithEarningBase(new EarningBase { IncludeTax = tax, IncludeShipping = shipping })
            .AddEarnRate("base", 10m)
            .Build();

        Assert.Equal(100, With(false, false).Points(purchase));
        Assert.Equal(108, With(true, false).Points(purchase));
        Assert.Equal(150, With(false, true).Points(purchase));
        Assert.Equal(158, With(true, true).Points(purchase));
    }

    [Fact]
    public void PaidWithPoints_NeverEarns()
    {
        var program = Program().AddEarnRate("base", 1m).Build();
        var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", [Line(10m)], paidWithPoints: 4.00m);
        Assert.Equal(6, program.Points(purchase));
    }

    [Fact]
    public void PaidWithPoints_IsProratedOverLinesTaxAndShipping()
    {
        // 20.00 paid with points over lines 30.00 and tax 10.00 (tax not counted): 15.00 falls on the lines.
        var program = Program().AddEarnRate("base", 1m).Build();
        var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", [Line(30m)], tax: 10m, paidWithPoints: 20m);
        Assert.Equal(15, program.Points(purchase));
    }

    [Fact]
    public void OrderDiscount_SmallerThanMinorUnit_NamesTheField()
    {
        var program = Program().AddEarnRate("base", 1m).Build();
        var purchase = new Transaction("T1", "M1", AMonday, "USD", "store", [Line(10m)], orderDiscount: 0.005m);
        var error = Assert.ThrowsAny<ArgumentException>(() => program.Evaluator.EvaluateTotal(purchase, Member()));
        Assert.Equal("transaction.OrderDiscount", error.ParamName);
    }

    [Fact]
    public void OrderDiscount_InYen_ProratesWholeYen()
    {
        var program = new LoyaltyProgramBuilder("jp", "JPY", NewYork)
            .AddEarnRate(new EarnRate { Id = "base", PointsPerUnit = 0m, SkuRates = new Dictionary<string, decimal> { ["A"] = 1m } })
            .Build();
        var purchase = new Transaction("T1", "M1", AMonday, "JPY", "store", [Line(1000m, "x", "A"), Line(1000m, "x", "B")], orderDiscount: 101m);
        Assert.Equal(949, program.Points(purchase)); // shares 50.5 each: 50 each, the leftover yen to sku A
        Assert.Single(program.Evaluate(purchase).Items);
        Assert.Equal(949m, program.Evaluate(purchase).Items.Sum(i => i.Points));
    }

    [Fact]
    public void ALargeOrder_EarnsExactly_OnTheIntegerPathAndTheDecimalPath()
    {
        var program = Loyalty.Rules.Samples.CoffeeProgram.Build();
        var order = new Transaction("B2B-1", "ana", NodaTime.Instant.FromUtc(2026, 3, 12, 15, 0), "USD", "web",
            [new TransactionLine("BEANS-PALLET", "coffee", 41m, 12_500.0001m), new TransactionLine("MUG", "merch", 1m, 9.99m)]);
        var member = new MemberContext("ana");

        var total = program.Evaluator.EvaluateTotal(order, member);
        var itemized = program.Evaluator.Evaluate(order, member);

        Assert.Equal(512_509.9941m, total.EligibleSpend); // more than 2^32 ten-thousandths
        Assert.Equal(2000, total.Points.Value); // 1,025,029.9182 points, capped at 2,000
        Assert.Equal((itemized.Total, itemized.ExactPoints, itemized.EligibleSpend.Amount), (total.Points, total.ExactPoints, total.EligibleSpend));
    }
}
