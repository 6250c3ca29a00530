# apps/tests/vchan-peer - a domain dom0 creates with xl that serves a vchan to the RTOS service and
# holds it: dom0 then destroys it under the service's feet (dom0/client/service-test.sh
# linux-xl-destroy-peer).
APPS += vchan-peer
APP_SRCS_vchan-peer := $(wildcard $(APP_DIR)/*.c)
