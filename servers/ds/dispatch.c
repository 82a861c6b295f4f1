/* dispatch.c -- from a request's m_type to its handler. */
#include "ds.h"

int ds_dispatch(message *m, message *reply)
{
    switch (m->m_type) {
    case DS_PUBLISH:
        return do_publish(m, reply);
    case DS_RETRIEVE:
        return do_retrieve(m, reply);
    case DS_SUBSCRIBE:
        return do_subscribe(m, reply);
    case DS_CHECK:
        return do_check(m, reply);
    case DS_DELETE:
        return do_delete(m, reply);
    case DS_RETRIEVE_LABEL:
        return do_retrieve_label(m, reply);
    case DS_SNAPSHOT:
        return ENOSYS;   /* only for mapped (DSF_TYPE_MAP) entries, which DS does not keep */
    default:
        return ENOSYS;
    }
}
