package io.raftkv.tester.disk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The annotated test class mounts the disk-fault file system: where /dev/fuse or libfuse 2 is
 * missing its tests are skipped with the reason, except under {@code CI=true}, where they run and
 * fail (a CI that skipped them would look green without having run them).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresFuse.Condition.class)
@interface RequiresFuse {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> missing = FuseSupport.missing();
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("FUSE is here");
            }
            if ("true".equals(System.getenv("CI"))) {
                return ConditionEvaluationResult.enabled("CI=true: run, and fail for want of FUSE");
            }
            return ConditionEvaluationResult.disabled(missing.get() + " (docker/fuse.sh installs it as root)");
        }
    }
}
