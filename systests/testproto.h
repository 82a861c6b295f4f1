/* testproto.h -- message types of the IPC test programs (test-only, outside the ABI's ranges). */
#ifndef TESTPROTO_H
#define TESTPROTO_H

#define ECHO_REQUEST 0x7100   /* echo answers with m_type + 1 and the payload unchanged */
#define NOTIFY_ME 0x7110      /* notifier: notify the sender m1_i1 times, then answer */
#define PARTNER_GO 0x7120     /* partner: send PARTNER_HELLO back (it blocks until received) */
#define PARTNER_HELLO 0x7121
#define SENDER_HELLO 0x7130   /* sender's first message: m1_i1 = its tag */

#endif
