using System.Collections.Frozen;
using System.Collections.Generic;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// The tier accelerator: multiplies the rate-earned points accumulated so far by the member's tier factor
/// (e.g. Silver x1.2, Gold x1.5). A member with no tier, or a tier without a factor, is not accelerated.
/// Every tier named must be declared by the program.
/// </summary>
public sealed record TierAccelerator : EarnPolicy
{
    /// <summary>The factor per tier id; not negative.</summary>
    public required IReadOnlyDictionary<string, decimal> Factors { get; init; }

    internal override EarnPolicy Freeze() => this with
    {
        When = FrozenWhen,
        Factors = (Factors ?? FrozenDictionary<string, decimal>.Empty).ToFrozenDictionary(System.StringComparer.Ordinal),
    };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        if (Factors is null || Factors.Count == 0)
        {
            check.Fail(path + ".factors", "must name at least one tier.");
            return;
        }

        foreach (var (tier, factor) in Factors)
        {
            check.Tier($"{path}.factors['{tier}']", tier);
            check.Factor($"{path}.factors['{tier}']", factor);
        }
    }

    internal override decimal StackFactor => Factors.Count == 0 ? 1m : System.Linq.Enumerable.Max(Factors.Values);

    internal override Step Compile(CompileContext context)
    {
        var factors = new decimal?[context.Tiers.Length];
        for (int i = 0; i < factors.Length; i++)
        {
            factors[i] = Factors.TryGetValue(context.Tiers[i], out var f) ? f : null;
        }

        return new MultiplierStep(this, 0m, factors, LineScope.All, context);
    }
}
