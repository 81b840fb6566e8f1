package sources

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
)

// Fakes for jsii types whose presence alone is checked.
type (
	fakeQueue  struct{ awssqs.IQueue }
	fakeTopic  struct{ awssns.ITopic }
	fakeTable  struct{ awsdynamodb.ITable }
	fakeStream struct{ awskinesis.IStream }
)
