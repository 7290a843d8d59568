using System.CodeDom.Compiler;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace MqttCam.Testing.Layout;

/// <summary>
/// Reads the shape of the product's assemblies from their metadata, so the layout rules (namespaces say their
/// assembly, the project graph points down, log event ids are unique in a process) fail a test when code breaks them.
/// </summary>
public static class AssemblyLayout
{
    /// <summary>
    /// Types whose namespace is not <paramref name="root"/> (default: the assembly's name, which is the project's
    /// except where a program is renamed for its users) or below it; generated code excepted.
    /// </summary>
    public static IReadOnlyList<string> TypesOutsideTheAssemblyNamespace(Assembly assembly, string? root = null)
    {
        root ??= assembly.GetName().Name!;
        return assembly.GetTypes()
            .Where(t => t.Namespace is not null && !IsGenerated(t))
            .Where(t => t.Namespace != root && !t.Namespace!.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The MqttCam assemblies this one references.</summary>
    public static IReadOnlyList<string> ProductReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("MqttCam.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Every <c>[LoggerMessage]</c> method of the assemblies, as "Type.Method" by event id.</summary>
    public static ILookup<int, string> LogEventIds(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToLookup(x => x.Attribute!.EventId, x => x.Method);

    /// <summary>
    /// <c>[LoggerMessage]</c> methods not written in the one logging style: an extension of <see cref="ILogger"/>
    /// (<c>logger.Event(…)</c> at the call site), declared in a class named <c>Log</c>.
    /// </summary>
    public static IReadOnlyList<string> LogMethodsOutOfStyle(IEnumerable<Assembly> assemblies) =>
        assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.IsDefined(typeof(LoggerMessageAttribute), false))
            .Where(m => m.DeclaringType!.Name != "Log" || !m.IsDefined(typeof(ExtensionAttribute), false)
                || m.GetParameters() is not [{ ParameterType: var first }, ..] || first != typeof(ILogger))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Event ids used by more than one log method, each with the methods that share it.</summary>
    public static IReadOnlyList<string> LogEventIdClashes(ILookup<int, string> ids) =>
        ids.Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g)}").ToList();

    private static bool IsGenerated(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t.IsDefined(typeof(CompilerGeneratedAttribute), false) || t.IsDefined(typeof(GeneratedCodeAttribute), false))
            {
                return true;
            }
        }

        return false;
    }
}
