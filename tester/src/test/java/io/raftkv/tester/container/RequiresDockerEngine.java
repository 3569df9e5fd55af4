package io.raftkv.tester.container;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * The annotated test class needs a Docker engine: without one its tests are reported as skipped,
 * with the reason, except under {@code CI=true}, where they run and fail (a container suite that CI
 * skips would look green without having run).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDockerEngine.Condition.class)
@interface RequiresDockerEngine {

    /** Decides once per class whether its tests can run. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("a Docker engine answers");
            }
            if (ContainerEngine.onCi()) {
                return ConditionEvaluationResult.enabled("CI=true: run, and fail for want of an engine");
            }
            return ConditionEvaluationResult.disabled(
                    "no Docker engine answers (start one with docker/engine.sh, or run ./rig test)");
        }
    }
}
