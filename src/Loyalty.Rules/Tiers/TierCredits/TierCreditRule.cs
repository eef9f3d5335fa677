using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// Awards tier credits (the non-redeemable second currency tiers may qualify on) by a rule of its own: per 1.00 of
/// eligible spend and/or a fixed number per transaction, when its condition holds. Tier credits never touch the
/// points: the accrual result itemizes them apart (<see cref="AccrualResult.TierCreditItems"/>), floored once.
/// </summary>
public sealed record TierCreditRule : EarnPolicy
{
    /// <summary>Tier credits per 1.00 of eligible spend; not negative.</summary>
    public decimal CreditsPerUnit { get; init; }

    /// <summary>Tier credits per transaction; not negative.</summary>
    public Points FixedCredits { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Rate(path + ".creditsPerUnit", CreditsPerUnit);
        check.Award(path + ".fixedCredits", FixedCredits, zeroAllowed: true);
        if (CreditsPerUnit == 0m && FixedCredits.Value == 0)
        {
            check.Fail(path, "awards nothing: set creditsPerUnit or fixedCredits.");
        }
    }

    internal override Step Compile(CompileContext context) => new TierCreditStep(this, context);

    internal override bool AwardsTierCredits => true;
}
