using System;
using Loyalty.Rules.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Loyalty.Rules to a service collection.</summary>
public static class LoyaltyRulesServiceCollectionExtensions
{
    /// <summary>
    /// Adds loyalty programs by name, NodaTime's system clock as <see cref="IClock"/> (unless the host registered its
    /// own), and validation at start-up (<c>ValidateOnStart</c>): a host does not start with an invalid program, and
    /// the error lists every problem of every program. Each program loaded, its lint findings and its problems are logged
    /// then through <c>ILogger</c> (category <c>Loyalty.Rules.DependencyInjection</c>) when the host has logging.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Registers the programs.</param>
    /// <returns>The services.</returns>
    /// <example>
    /// <code>
    /// services.AddLoyaltyRules(rules => rules
    ///     .AddProgram("coffee", CoffeeProgram.Build)
    ///     .AddProgramFromJsonFile("salad", "programs/salad.json")          // relative to the content root
    ///     .AddProgramsFromConfiguration(builder.Configuration));             // section Loyalty:Programs
    /// // then: [FromKeyedServices("coffee")] AccrualEvaluator evaluator
    /// </code>
    /// </example>
    public static IServiceCollection AddLoyaltyRules(this IServiceCollection services, Action<LoyaltyRulesBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoyaltyRulesOptions>, LoyaltyRulesValidation>());
        services.AddOptions<LoyaltyRulesOptions>().ValidateOnStart();
        configure(new LoyaltyRulesBuilder(services));
        return services;
    }
}
