using System.Collections.Generic;
using System.Globalization;

namespace Loyalty.Rules;

/// <summary>A purchase whose spend (lines net of discounts) is above a ceiling. Default action: hold.</summary>
public sealed record SpendCeiling : FraudCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="maxSpend">The most one purchase may spend without a finding, in the program currency.</param>
    public SpendCeiling(decimal maxSpend)
        : base("spend-ceiling", FraudAction.Hold) => MaxSpend = maxSpend;

    /// <summary>The most one purchase may spend without a finding.</summary>
    public decimal MaxSpend { get; init; }

    internal override void Inspect(in FraudInput input, List<FraudFinding> findings)
    {
        if (input.Event is PurchaseEvent && input.Spend > MaxSpend)
        {
            findings.Add(Finding(string.Create(CultureInfo.InvariantCulture, $"spend {input.Spend} is above the ceiling of {MaxSpend}.")));
        }
    }

    internal override void Validate(ProgramCheck check, string path, LedgerPolicy ledger)
    {
        base.Validate(check, path, ledger);
        if (MaxSpend <= 0m)
        {
            check.Fail(path + ".maxSpend", string.Create(CultureInfo.InvariantCulture, $"must be positive, was {MaxSpend}."));
        }
    }
}
