package dev.roomcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * fabric8 keeps fields it does not know in additionalProperties instead of failing, so a misspelt or
 * misplaced field (the API server would reject or silently drop it) would pass unnoticed; this walk
 * finds them.
 */
final class StrictModel {

    private StrictModel() {
    }

    static void assertNoUnknownFields(Object object) {
        walk(object, object instanceof KubernetesResource resource ? describe(resource) : "");
    }

    private static void walk(Object node, String path) {
        if (node == null || node instanceof GenericKubernetesResource) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key));
            return;
        }
        if (!(node instanceof KubernetesResource)) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as("unknown fields at %s", path).isNullOrEmpty();
            } else {
                walk(value, path + "." + getter.getName().substring(3));
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + " failed", e);
        }
    }

    private static String describe(KubernetesResource resource) {
        return resource.getClass().getSimpleName();
    }
}
