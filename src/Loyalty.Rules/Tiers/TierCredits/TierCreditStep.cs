
namespace Loyalty.Rules.Accrual;

/// <summary>Tier credits by a rule of their own; they never change the points.</summary>
internal sealed class TierCreditStep(TierCreditRule rule, CompileContext context) : Step(rule, context)
{
    private readonly decimal perUnit = rule.CreditsPerUnit;
    private readonly decimal fixedCredits = rule.FixedCredits.Value;
    private readonly string reason = Explain(rule, rule.CreditsPerUnit == 0m
        ? $"+{rule.FixedCredits} tier credits {rule.Label}"
        : $"{EarnRate.Number(rule.CreditsPerUnit)} tier credits per 1 {context.Currency}{(rule.FixedCredits.Value == 0 ? "" : $" +{rule.FixedCredits}")} {rule.Label}");

    public override bool Apply(in EvaluationFacts o, ref Basket b, ref ItemSink sink)
    {
        if (!Holds(o))
        {
            return false;
        }

        decimal credits = (perUnit * b.EligibleSpend) + fixedCredits;
        b.TierCredits += credits;
        sink.Add(Id, AccrualItemKind.TierCredit, credits, null, reason);
        return true;
    }
}
